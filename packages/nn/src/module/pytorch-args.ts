import { ArgumentError, checkOptions, isDType, Tensor } from '@strata/core';

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type RequiredKeys<O> = { [K in keyof O]-?: Record<never, never> extends Pick<O, K> ? never : K }[keyof O];
type OptionsAfter<O, Given extends PropertyKey> = [Exclude<RequiredKeys<O>, Given>] extends [never]
  ? [options?: Simplify<Omit<O, Given>>]
  : [options: Simplify<Omit<O, Given>>];
type Forms<P extends unknown[], N extends readonly string[], O> =
  | [...P, ...OptionsAfter<O, N[number]>]
  | (P extends [...infer Init, unknown]
      ? N extends readonly [...infer Names extends string[], string]
        ? Forms<Init, Names, O>
        : never
      : never);

/**
 * The argument lists a layer's constructor takes, as a PyTorch call: the first arguments
 * positionally in PyTorch's order (`P`, named `N`), then optionally an options object holding
 * any of the others by their camelCase name (PyTorch's keyword arguments, `O`). Editors show
 * every form as its own signature.
 *
 * @example
 * ```ts
 * type DropoutArgs = PyTorchArgs<[p?: number, inplace?: false], ['p', 'inplace'], { p?: number; inplace?: false }>;
 * // accepts (), (0.5), (0.5, false), ({ p: 0.5 }), (0.5, { inplace: false })
 * ```
 */
export type PyTorchArgs<P extends unknown[], N extends readonly string[], O> = P | Forms<Required<P>, N, O>;

/**
 * @internal A check of the JavaScript type of one argument; the layer checks the value's
 * range itself.
 *
 * @example
 * ```ts
 * const bool: ArgCheck = { expected: 'a boolean', test: (v) => typeof v === 'boolean' };
 * ```
 */
export interface ArgCheck {
  readonly expected: string;
  test(value: unknown): boolean;
}

const check = (expected: string, test: (value: unknown) => boolean): ArgCheck => ({ expected, test });

/**
 * @internal The argument types layers take. `nullable` marks PyTorch's `None` defaults
 * (`stride=None`, `device=None`): `null` then means the default, as `undefined` does.
 *
 * @example
 * ```ts
 * argSpec('Dropout', ['p', 'inplace'], 0, { p: is.number, inplace: is.boolean });
 * ```
 */
export const is = {
  any: check('anything', () => true),
  number: check('a number', (v) => typeof v === 'number'),
  size: check('a number or a pair [h, w]', (v) => typeof v === 'number' || Array.isArray(v)),
  boolean: check('a boolean', (v) => typeof v === 'boolean'),
  string: check('a string', (v) => typeof v === 'string'),
  dtype: check("a dtype ('float32', 'float64', 'int32' or 'bool')", isDType),
  tensor: check('a Tensor', (v) => v instanceof Tensor),
  or: (a: ArgCheck, b: ArgCheck): ArgCheck => check(`${a.expected} or ${b.expected}`, (v) => a.test(v) || b.test(v)),
  nullable: (a: ArgCheck): ArgCheck => check(`${a.expected} or null`, (v) => v === null || a.test(v)),
};

/**
 * @internal What a constructor accepts: `names` are PyTorch's positional parameters in order,
 * the first `required` of them required; `checks` has one entry per name, plus PyTorch's
 * keyword-only parameters (after `*`).
 *
 * @example
 * ```ts
 * const LINEAR = argSpec('Linear', ['inFeatures', 'outFeatures', 'bias', 'backend', 'dtype'], 2, { ... });
 * ```
 */
export interface ArgSpec {
  readonly layer: string;
  readonly names: readonly string[];
  readonly required: number;
  readonly checks: Readonly<Record<string, ArgCheck>>;
}

/**
 * @internal Declares a constructor's arguments (see {@link ArgSpec}).
 *
 * @example
 * ```ts
 * const DROPOUT = argSpec('Dropout', ['p', 'inplace'], 0, { p: is.number, inplace: is.boolean });
 * ```
 */
export function argSpec<const N extends readonly string[]>(
  layer: string,
  names: N,
  required: number,
  checks: { readonly [K in N[number]]: ArgCheck } & Readonly<Record<string, ArgCheck>>,
): ArgSpec {
  return { layer, names, required, checks };
}

/**
 * @internal How a value looks in an error message: strings quoted, tensors and modules by
 * class, the rest as JSON.
 *
 * @example
 * ```ts
 * describeValue('x'); // "'x'"
 * ```
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || value === undefined) return String(value);
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !isPlainObject(value)) {
    return `a ${value.constructor?.name ?? 'object'}`;
  }
  return JSON.stringify(value) ?? String(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * @internal Resolves a constructor call written as PyTorch's (positional arguments, then an
 * optional options object of keyword arguments) into one object by name. Unknown keys, a name
 * given twice, a missing required argument, too many positional arguments and wrongly typed
 * values throw an `ArgumentError` naming the layer; an unknown key names the closest known
 * one (`padding_mode` -> `paddingMode`). `undefined` values count as not given.
 *
 * @example
 * ```ts
 * parseArgs(CONV2D, [1, 96, 11, 4, 1]); // { inChannels: 1, outChannels: 96, kernelSize: 11, stride: 4, padding: 1 }
 * ```
 */
export function parseArgs<O>(spec: ArgSpec, args: readonly unknown[]): O {
  const { layer, names, checks } = spec;
  const last = args[args.length - 1];
  const options = isPlainObject(last) ? last : undefined;
  const positional = options === undefined ? args : args.slice(0, -1);
  if (positional.length > names.length) {
    const expected = names.length === 0 ? 'no arguments' : `at most ${names.length} (${names.join(', ')})`;
    throw new ArgumentError(
      `${layer}: expected ${expected} before the options object, got ${positional.length} positional arguments.`,
    );
  }
  checkOptions(layer, options, Object.keys(checks));
  const out: Record<string, unknown> = {};
  positional.forEach((value, i) => {
    const name = names[i]!;
    if (value === undefined) return;
    const c = checks[name]!;
    if (!c.test(value)) {
      throw new ArgumentError(
        `${layer}: expected ${name} (argument ${i + 1}) to be ${c.expected}, got ${describeValue(value)}.`,
      );
    }
    out[name] = value;
  });
  for (const [key, value] of Object.entries(options ?? {})) {
    const c = checks[key]!;
    if (value === undefined) continue;
    if (key in out) {
      throw new ArgumentError(
        `${layer}: got ${key} twice, as argument ${names.indexOf(key) + 1} and in the options; pass it once.`,
      );
    }
    if (!c.test(value)) {
      throw new ArgumentError(`${layer}: expected option ${key} to be ${c.expected}, got ${describeValue(value)}.`);
    }
    out[key] = value;
  }
  for (const name of names.slice(0, spec.required)) {
    if (!(name in out)) {
      throw new ArgumentError(
        `${layer}: expected ${name} (argument ${names.indexOf(name) + 1}), got nothing; pass it in position or as { ${name} }.`,
      );
    }
  }
  return out as O;
}
