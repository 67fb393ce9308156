import { describe, expect, it } from 'vitest';
import { DERIVATIVES } from './derivatives.js';
import { differentiate } from './differentiate.js';
import { Expr } from './expr.js';
import { PRIMITIVES } from './primitive.js';

/** The expression written out, leaves included, to compare structure. */
const keyOf = (e: Expr): string =>
  e.args.length === 0
    ? `${e.op}${e.op === 'gradOutput' || e.op === 'output' ? '' : e.value}`
    : `${e.op}(${e.args.map(keyOf).join(',')})`;

describe('differentiate', () => {
  const a = Expr.input(0, 'float32');
  const b = Expr.input(1, 'float32');
  const g = Expr.gradOutput('float32');

  it('gives each needed input its gradient and reports what the gradients read', () => {
    const result = differentiate(a.mul(b), [true, false]);
    expect(keyOf(result.grads[0]!)).toBe(keyOf(g.mul(b)));
    expect(result.grads[1]).toBeNull();
    expect(result.readsInputs).toEqual([1]);
    expect(result.readsOutput).toBe(false);
  });

  it("reads the kernel's output where the rule uses the result (exp, as PyTorch keeps it)", () => {
    const result = differentiate(a.exp(), [true]);
    expect(keyOf(result.grads[0]!)).toBe(keyOf(g.mul(Expr.output('float32'))));
    expect(result).toMatchObject({ readsInputs: [], readsOutput: true });
  });

  it('adds the gradients of an input used twice', () => {
    const result = differentiate(a.mul(a), [true]);
    expect(keyOf(result.grads[0]!)).toBe(keyOf(g.mul(a).add(g.mul(a))));
  });

  it('passes no gradient through comparisons or floor', () => {
    expect(differentiate(a.lt(b).cast('float32'), [true, true]).grads).toEqual([null, null]);
    expect(differentiate(a.floor(), [true]).grads).toEqual([null]);
  });

  it('uses the op’s own gradient expressions when given', () => {
    const vjp = [g.mul(2)];
    expect(differentiate(a.max(0), [true], vjp).grads[0]).toBe(vjp[0]);
  });

  it('has a rule or an explicit null for every primitive', () => {
    expect(Object.keys(DERIVATIVES).sort()).toEqual([...PRIMITIVES].sort());
  });
});

describe('Expr', () => {
  it('refuses operands of different dtypes: ops cast first', () => {
    expect(() => Expr.input(0, 'float32').add(Expr.input(1, 'int32'))).toThrow(
      /primitive 'add' does not take operands of dtype float32, int32/,
    );
  });

  it('rounds constants to their dtype and folds negation of constants', () => {
    expect(Expr.constant(0.1, 'float32').value).toBe(Math.fround(0.1));
    expect(Expr.constant(2.7, 'int32').value).toBe(2);
    expect(Expr.input(0, 'float32').sub(1).args[1]!.value).toBe(-1);
  });
});
