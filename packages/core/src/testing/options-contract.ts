import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../errors.js';

/**
 * One public function that takes an options object, for {@link runOptionsContract}.
 *
 * @example
 * ```ts
 * const row: OptionsCase = { fn: 'zeros', call: (o) => zeros([2], o as never), misspelt: 'requires_grad', meant: 'requiresGrad' };
 * ```
 */
export interface OptionsCase {
  /** The name its errors start with. */
  readonly fn: string;
  /** Calls it with valid other arguments and `options` as its options object; may return a promise. */
  readonly call: (options: unknown) => unknown;
  /** A PyTorch spelling or a typo of one of its options... */
  readonly misspelt: string;
  /** ...and the option that the error should suggest. */
  readonly meant: string;
  /** Options it requires, added to every options object the tests pass. */
  readonly base?: Readonly<Record<string, unknown>>;
}

const NO_MATCH = 'qqqqqqqqqqqqqqqqqqqq';

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function errorOf(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (e) {
    return e;
  }
  return undefined;
}

const withBase = (row: OptionsCase, extra: Record<string, unknown>): Record<string, unknown> => ({
  ...row.base,
  ...extra,
});

async function listedKeys(row: OptionsCase): Promise<string[]> {
  const e = await errorOf(() => row.call(withBase(row, { [NO_MATCH]: 1 })));
  expect(e).toBeInstanceOf(ArgumentError);
  const message = (e as Error).message;
  if (message === `${row.fn}: unknown option ${NO_MATCH}; it takes no options.`) return [];
  const match = new RegExp(`^${escapeRegExp(row.fn)}: unknown option ${NO_MATCH}; expected one of (.*)\\.$`).exec(
    message,
  );
  expect(match, message).not.toBeNull();
  return match![1]!.split(', ');
}

/** The keys `row.call` reads from its options object, recorded by a proxy over its base options. */
async function keysRead(row: OptionsCase): Promise<string[]> {
  const read = new Set<string>();
  const options = new Proxy(
    { ...row.base },
    {
      get(target, key, receiver) {
        if (typeof key === 'string') read.add(key);
        return Reflect.get(target, key, receiver);
      },
    },
  );
  await errorOf(() => row.call(options));
  return [...read].filter((k) => !(k in Object.prototype));
}

/**
 * Registers tests that hold each function to strata's options rule: an unknown key throws an
 * `ArgumentError` naming the function and the option meant, a non-object throws, every key the
 * function reads is one it lists as known, and every listed key is accepted.
 *
 * @example
 * ```ts
 * runOptionsContract([{ fn: 'zeros', call: (o) => zeros([2], o as never), misspelt: 'requires_grad', meant: 'requiresGrad' }]);
 * ```
 */
export function runOptionsContract(cases: readonly OptionsCase[]): void {
  describe.each(cases.map((row) => [row.fn, row] as const))('%s options', (_, row) => {
    it(`rejects ${row.misspelt}, suggesting ${row.meant}`, async () => {
      const e = await errorOf(() => row.call(withBase(row, { [row.misspelt]: 1 })));
      expect(e).toBeInstanceOf(ArgumentError);
      expect((e as Error).message).toBe(`${row.fn}: unknown option ${row.misspelt}; did you mean ${row.meant}?`);
    });

    it('rejects a non-object in place of the options', async () => {
      for (const bad of [3, 'fast', [1], null]) {
        const e = await errorOf(() => row.call(bad));
        expect(e).toBeInstanceOf(ArgumentError);
        expect((e as Error).message).toMatch(new RegExp(`^${escapeRegExp(row.fn)}: expected (an )?options`));
      }
    });

    it('lists every key it reads, and accepts every key it lists', async () => {
      const listed = await listedKeys(row);
      expect(listed).toContain(row.meant);
      const read = await keysRead(row);
      expect(read.filter((k) => !listed.includes(k))).toEqual([]);
      for (const key of listed) {
        const e = await errorOf(() => row.call(withBase(row, { [key]: undefined })));
        expect(e instanceof Error ? e.message : '').not.toMatch(/unknown option|expected an options object/);
      }
    });
  });
}
