import { ArgumentError } from './errors.js';

// PyTorch spellings that are not the camelCase of a strata name.
const ALIASES: Readonly<Record<string, string>> = { device: 'backend' };

function camelCase(key: string): string {
  return key.replace(/_+([a-z0-9])/gi, (_, c: string) => c.toUpperCase());
}

// Edit distance counting a swap of two neighbouring letters as one edit (optimal string alignment).
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/**
 * The known name a mistyped one most likely meant: its camelCase (`batch_size` -> `batchSize`),
 * PyTorch's name for it (`device` -> `backend`), or the closest by edit distance when it is close
 * enough, or the name it shortens or contains; `undefined` when none is.
 *
 * @example
 * ```ts
 * closestName('weight_decay', ['lr', 'weightDecay']); // 'weightDecay'
 * ```
 */
export function closestName(key: string, known: readonly string[]): string | undefined {
  const camel = camelCase(key);
  if (known.includes(camel)) return camel;
  const alias = ALIASES[key];
  if (alias !== undefined && known.includes(alias)) return alias;
  const typed = camel.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of known) {
    const distance = editDistance(typed, name.toLowerCase());
    if (distance < bestDistance && distance <= Math.max(1, Math.floor(name.length / 3))) {
      best = name;
      bestDistance = distance;
    }
  }
  if (best !== undefined) return best;
  // A shortening or a different ending of a name (`prio`, `reduce` for `reduction`), or a name
  // with a word before or after it (`num_epochs` for `epochs`).
  let bestLength = 2;
  for (const name of known) {
    const lower = name.toLowerCase();
    const prefix = commonPrefix(typed, lower);
    const affixed = lower.length >= 4 && (typed.startsWith(lower) || typed.endsWith(lower)) ? lower.length : 0;
    const length = Math.max(prefix >= Math.min(typed.length, lower.length) - 1 ? prefix : 0, affixed);
    if (length > bestLength) {
      best = name;
      bestLength = length;
    }
  }
  return best;
}

function describeNonObject(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return String(value);
}

/**
 * Checks the options object a public function received: `undefined` means none; anything but an
 * object (a number, a string, an array, `null`), and any key not in `known`, throws an
 * `ArgumentError` naming `fn`. An unknown key names the known one it most likely meant
 * (`batch_size` -> `batchSize`, see {@link closestName}), or else lists the known keys. Plain
 * JavaScript has no compiler to catch a misspelled option, so strata never ignores one.
 *
 * @example
 * ```ts
 * checkOptions('DataLoader', { batch_size: 4 }, ['batchSize', 'shuffle']);
 * // throws ArgumentError: DataLoader: unknown option batch_size; did you mean batchSize?
 * ```
 */
export function checkOptions(fn: string, options: unknown, known: readonly string[]): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    const shape = known.length === 0 ? '{}' : `{ ${known.join(', ')} }`;
    const fix = known.length === 0 ? 'pass none' : `pass options by name, e.g. { ${known[0]}: ... }`;
    throw new ArgumentError(`${fn}: expected an options object ${shape}, got ${describeNonObject(options)}; ${fix}.`);
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const near = closestName(key, known);
    if (near !== undefined) throw new ArgumentError(`${fn}: unknown option ${key}; did you mean ${near}?`);
    throw new ArgumentError(
      known.length === 0
        ? `${fn}: unknown option ${key}; it takes no options.`
        : `${fn}: unknown option ${key}; expected one of ${known.join(', ')}.`,
    );
  }
}

/**
 * The keys of an options interface as a list for {@link checkOptions}. Its argument must name
 * every key of `T` and nothing else, so the compiler keeps the list in step with the interface.
 *
 * @example
 * ```ts
 * interface FitOptions { epochs?: number; lr?: number }
 * const FIT_KEYS = optionKeys<FitOptions>({ epochs: true, lr: true }); // ['epochs', 'lr']
 * ```
 */
export function optionKeys<T extends object>(keys: { readonly [K in keyof Required<T>]: true }): readonly string[] {
  return Object.keys(keys);
}
