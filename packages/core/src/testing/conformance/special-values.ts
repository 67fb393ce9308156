import { describe, expect, it } from 'vitest';
import { tensor } from '../../ops/creation.js';
import * as ops from '../../ops/index.js';
import type { Tensor } from '../../tensor.js';
import special from '../__fixtures__/special-values.json' with { type: 'json' };
import { expectClose } from '../expect-close.js';
import { FLOAT32_TOLERANCE } from '../tolerances.js';
import type { ConformanceContext } from './context.js';

type Value = string | boolean;

interface SpecialCase {
  op: string;
  inputs: Value[][];
  args?: number[];
  condition?: boolean[];
  output: Value[];
}

const parse = (values: Value[]): number[] => values.map((v) => (typeof v === 'boolean' ? Number(v) : Number(v)));

const CALLS: Record<string, (inputs: Tensor[], c: SpecialCase) => Tensor> = {
  ...Object.fromEntries(
    (
      [
        'neg',
        'abs',
        'exp',
        'log',
        'sqrt',
        'rsqrt',
        'square',
        'relu',
        'sigmoid',
        'tanh',
        'sign',
        'floor',
        'ceil',
        'round',
        'logicalNot',
      ] as const
    ).map((op) => [op, ([x]: Tensor[]) => ops[op](x!)]),
  ),
  ...Object.fromEntries(
    (['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const).map(
      (op) => [op, ([a, b]: Tensor[]) => ops[op](a!, b!)],
    ),
  ),
  logicalAnd: ([a, b]) => ops.logicalAnd(a!, b!),
  logicalOr: ([a, b]) => ops.logicalOr(a!, b!),
  clamp: ([x], c) => ops.clamp(x!, c.args![0]!, c.args![1]!),
  where: ([a, b], c) => ops.where(tensor(c.condition!), a!, b!),
};

/**
 * Every elementwise op on NaN, the infinities, zero and ordinary values, against PyTorch
 * (`packages/core/scripts/make-special-values.py`): what NaN gives (relu(NaN) is NaN, NaN < 1 is
 * false, maximum(NaN, 1) is NaN, sign(NaN) is 0) is the same on every backend.
 */
export function defineSpecialValueTests(_ctx: ConformanceContext): void {
  describe(`special values: NaN and the infinities (PyTorch ${special.torch} fixture)`, () => {
    for (const c of special.cases as SpecialCase[]) {
      it(c.op, () => {
        const call = CALLS[c.op];
        if (call === undefined) throw new Error(`special-values op '${c.op}' has no call`);
        const out = call(
          c.inputs.map((values) => tensor(parse(values))),
          c,
        );
        if (typeof c.output[0] === 'boolean') {
          expect(out.dtype, c.op).toBe('bool');
          expect(out.toArray(), c.op).toEqual(c.output);
        } else {
          expectClose(out, [c.output.length], parse(c.output), FLOAT32_TOLERANCE, c.op);
        }
      });
    }
  });
}
