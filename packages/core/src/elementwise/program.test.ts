import { describe, expect, it } from 'vitest';
import { Expr } from './expr.js';
import { compileExpr } from './program.js';

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
