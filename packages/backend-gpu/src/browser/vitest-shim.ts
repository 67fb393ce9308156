import { JestAsymmetricMatchers, JestChaiExpect, JestExtend } from '@vitest/expect';
import * as chai from 'chai';

// The conformance suite is written against vitest's API. In the page, this module stands in for
// 'vitest' (an esbuild alias): the same describe/it/hooks collect the same tests, and
// @vitest/expect gives the same matchers, so the browser runs the suite itself, not a copy.

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(JestAsymmetricMatchers);

type Fn = () => unknown;

interface Suite {
  readonly name: string;
  readonly children: (Suite | Test)[];
  readonly beforeAll: Fn[];
  readonly afterAll: Fn[];
  readonly beforeEach: Fn[];
  readonly afterEach: Fn[];
}

interface Test {
  readonly name: string;
  readonly fn: Fn | null;
}

/**
 * What a run of the collected tests gives: counts and each failure's path and message.
 *
 * @example
 * ```ts
 * const { passed, failures }: ShimResult = await runCollected();
 * ```
 */
export interface ShimResult {
  passed: number;
  skipped: number;
  failures: { name: string; message: string }[];
}

const root: Suite = { name: '', children: [], beforeAll: [], afterAll: [], beforeEach: [], afterEach: [] };
let current = root;

/**
 * vitest's `expect` (chai with @vitest/expect's matchers), with `expect.fail`.
 *
 * @example
 * ```ts
 * expect([1, 2]).toEqual([1, 2]);
 * ```
 */
export const expect = Object.assign((value: unknown, message?: string) => chai.expect(value, message), {
  fail: (message: string) => chai.assert.fail(message),
});

/**
 * Collects a suite; `fn` runs now and declares its tests and hooks.
 *
 * @example
 * ```ts
 * describe('ops', () => { it('adds', () => expect(1 + 1).toBe(2)); });
 * ```
 */
export function describe(name: string, fn: Fn): void {
  const suite: Suite = { name, children: [], beforeAll: [], afterAll: [], beforeEach: [], afterEach: [] };
  current.children.push(suite);
  const parent = current;
  current = suite;
  try {
    fn();
  } finally {
    current = parent;
  }
}

/** `it(name, fn)` or `it(name, options, fn)`; options (timeouts) do not apply in the page. */
function test(name: string, optionsOrFn: object | Fn, maybeFn?: Fn): void {
  current.children.push({ name, fn: typeof optionsOrFn === 'function' ? (optionsOrFn as Fn) : maybeFn! });
}

/**
 * Collects a test, as vitest's `it`, with `it.skipIf(condition)`.
 *
 * @example
 * ```ts
 * it.skipIf(!float64)('needs float64', () => {});
 * ```
 */
export const it = Object.assign(test, {
  skipIf: (condition: boolean) => (condition ? (name: string) => current.children.push({ name, fn: null }) : test),
});

/**
 * Hooks, run in vitest's order around the tests of the suite that declares them.
 *
 * @example
 * ```ts
 * beforeEach(() => manualSeed(0));
 * ```
 */
export const beforeAll = (fn: Fn): number => current.beforeAll.push(fn);
export const afterAll = (fn: Fn): number => current.afterAll.push(fn);
export const beforeEach = (fn: Fn): number => current.beforeEach.push(fn);
export const afterEach = (fn: Fn): number => current.afterEach.push(fn);

async function runSuite(suite: Suite, path: string[], outer: Suite[], result: ShimResult): Promise<void> {
  const chain = [...outer, suite];
  for (const hook of suite.beforeAll) await hook();
  for (const child of suite.children) {
    if ('children' in child) {
      await runSuite(child, [...path, child.name], chain, result);
      continue;
    }
    if (child.fn === null) {
      result.skipped++;
      continue;
    }
    // Back to the event loop between tests, so the page answers the test driver meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 0));
    try {
      for (const s of chain) for (const hook of s.beforeEach) await hook();
      await child.fn();
      for (const s of [...chain].reverse()) for (const hook of s.afterEach) await hook();
      result.passed++;
    } catch (error) {
      result.failures.push({
        name: [...path, child.name].join(' > '),
        message: String((error as Error).message ?? error),
      });
    }
  }
  for (const hook of suite.afterAll) await hook();
}

/**
 * Runs every test collected so far, in order, with vitest's hook order.
 *
 * @example
 * ```ts
 * runConformanceSuite({ backend: 'gpu' });
 * const { passed, failures } = await runCollected();
 * ```
 */
export async function runCollected(): Promise<ShimResult> {
  const result: ShimResult = { passed: 0, skipped: 0, failures: [] };
  await runSuite(root, [], [], result);
  return result;
}
