import { describe, expect, it } from 'vitest';
import { Expr } from './expr.js';
import { compileExpr, compileExprs } from './program.js';

describe('compileExpr', () => {
  const x = Expr.input(0, 'float32');

  it('keys the computation without the constants, which it lists apart', () => {
    const program = compileExpr(x.mul(2));
    expect(program.key).toBe('i0.float32;k0.float32;mul.float32(0,1)');
    expect(program.constants).toEqual([2]);
    expect(compileExpr(x.mul(3)).key).toBe(program.key);
  });

  it('computes structurally equal nodes once, operands first', () => {
    const program = compileExpr(x.exp().add(x.exp()));
    expect(program.nodes.map((n) => n.op)).toEqual(['input', 'exp', 'add']);
    expect(program.nodes[2]!.args).toEqual([1, 1]);
  });

  it('refuses gradient leaves, which must become inputs first', () => {
    expect(() => compileExpr(Expr.gradOutput('float32').mul(x))).toThrow(/'gradOutput' leaf reached a kernel/);
  });
});

describe('compileExprs', () => {
  const [m, g] = [Expr.input(0, 'float32'), Expr.input(1, 'float32')];

  it('computes the nodes the expressions share once and lists each one as an output', () => {
    const next = m.mul(0.9).add(g);
    const program = compileExprs([next, next.sqrt()]);
    expect(program.nodes.map((n) => n.op)).toEqual(['input', 'const', 'mul', 'input', 'add', 'sqrt']);
    expect(program.outputs).toEqual([4, 5]);
    expect(compileExpr(next.sqrt()).outputs).toEqual([5]);
  });

  it('keys which nodes are written, so that programs writing different nodes compile apart', () => {
    const next = m.mul(0.9).add(g);
    expect(compileExprs([next, next.sqrt()]).key).not.toBe(compileExprs([next.sqrt(), next]).key);
    expect(compileExprs([m, g]).outputs).toEqual([0, 1]);
  });
});
