/**
 * @internal Python's `repr` of a float, as PyTorch's reprs print `eps` or `p`: the shortest
 * round-trip digits, `1.0` for integers, scientific below 1e-4 and from 1e16 (`1e-05`).
 *
 * @example
 * ```ts
 * pyFloat(1e-5); // '1e-05'
 * pyFloat(0.1);  // '0.1'
 * pyFloat(1);    // '1.0'
 * ```
 */
export function pyFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  // toExponential() without an argument gives the same shortest round-trip digits as Python.
  const [mantissa, exp] = Math.abs(value).toExponential().split('e') as [string, string];
  const exponent = Number(exp);
  const digits = mantissa.replace('.', '');
  if (exponent < -4 || exponent >= 16) {
    return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  return `${sign}${whole}.${digits.slice(exponent + 1) || '0'}`;
}

/**
 * @internal Python's spelling of a boolean.
 *
 * @example
 * ```ts
 * pyBool(true); // 'True'
 * ```
 */
export function pyBool(value: boolean): string {
  return value ? 'True' : 'False';
}

/**
 * @internal An int, `null` or a pair as Python prints it: `3`, `None`, `(3, 2)`.
 *
 * @example
 * ```ts
 * pyValue([3, null]); // '(3, None)'
 * ```
 */
export function pyValue(value: number | null | readonly (number | null)[]): string {
  if (value === null) return 'None';
  if (typeof value === 'number') return String(value);
  return `(${value.map((v) => pyValue(v)).join(', ')})`;
}
