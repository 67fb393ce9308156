import type { DType } from '../dtype.js';
import { StrataError } from '../errors.js';
import type { Expr, ExprOp } from './expr.js';
import type { Primitive } from './primitive.js';

/**
 * One step of an {@link ElementwiseProgram}: a primitive of earlier steps, an input, or a constant.
 *
 * @example
 * ```ts
 * const step: ProgramNode = { op: 'add', dtype: 'float32', args: [0, 1], index: 0 };
 * ```
 */
export interface ProgramNode {
  readonly op: Primitive | 'input' | 'const';
  readonly dtype: DType;
  /** Positions of the operands among the earlier steps. */
  readonly args: readonly number[];
  /** The input's position for `input`, the constant's position in `constants` for `const`; 0 otherwise. */
  readonly index: number;
}

/**
 * An expression (or several, computed together) as backends render it: its distinct nodes in an
 * order where operands come first, the nodes whose values are written (`outputs`; the last node
 * for one expression), constants apart, and a key that names the computation without the
 * constants' values, so that one compiled kernel serves every value (a learning rate that
 * changes each step compiles once).
 *
 * @example
 * ```ts
 * const program = compileExpr(Expr.input(0, 'float32').mul(2));
 * program.key;       // 'i0.float32;k0.float32;mul.float32(0,1)'
 * program.constants; // [2]
 * program.outputs;   // [2]
 * ```
 */
export interface ElementwiseProgram {
  readonly nodes: readonly ProgramNode[];
  readonly constants: readonly number[];
  /** The positions among `nodes` of the values written, one per expression, in order. */
  readonly outputs: readonly number[];
  readonly key: string;
}

const compiled = new WeakMap<Expr, ElementwiseProgram>();

/**
 * The program of `expr`: structurally equal nodes merged, operands before their users. Cached per
 * expression object.
 *
 * @example
 * ```ts
 * const x = Expr.input(0, 'float32');
 * compileExpr(x.exp().add(x.exp())).nodes.length; // 3: the input, one exp, the add
 * ```
 */
export function compileExpr(expr: Expr): ElementwiseProgram {
  const cached = compiled.get(expr);
  if (cached !== undefined) return cached;
  const program = compileRoots([expr]);
  compiled.set(expr, program);
  return program;
}

/**
 * The program computing every expression of `exprs` in one pass (what an in-place update of
 * several tensors runs): nodes they share computed once, `outputs` listing each one's value in
 * order. Its key names the outputs too, so two lists that differ only in which nodes they write
 * compile apart.
 *
 * @example
 * ```ts
 * const [m, g] = [Expr.input(0, 'float32'), Expr.input(1, 'float32')];
 * const m2 = m.mul(0.9).add(g);
 * compileExprs([m2, m2.sqrt()]).outputs; // [4, 5]: the add, then the sqrt of it
 * ```
 */
export function compileExprs(exprs: readonly Expr[]): ElementwiseProgram {
  const program = compileRoots(exprs);
  return { ...program, key: `${program.key};out(${program.outputs.join(',')})` };
}

function compileRoots(roots: readonly Expr[]): ElementwiseProgram {
  const nodes: ProgramNode[] = [];
  const constants: number[] = [];
  const keys: string[] = [];
  // Structural identity: a constant's value is part of it (two constants are one only when equal).
  const byStructure = new Map<string, number>();
  const byObject = new Map<Expr, number>();
  const visit = (e: Expr): number => {
    const seen = byObject.get(e);
    if (seen !== undefined) return seen;
    const args = e.args.map(visit);
    const structure = `${e.op}.${e.dtype}(${e.op === 'const' || e.op === 'input' ? (Object.is(e.value, -0) ? '-0' : e.value) : args.join(',')})`;
    let position = byStructure.get(structure);
    if (position === undefined) {
      position = nodes.length;
      byStructure.set(structure, position);
      nodes.push(nodeOf(e.op, e.dtype, args, e.op === 'const' ? constants.push(e.value) - 1 : e.value));
      keys.push(
        e.op === 'const'
          ? `k${constants.length - 1}.${e.dtype}`
          : e.op === 'input'
            ? `i${e.value}.${e.dtype}`
            : `${e.op}.${e.dtype}(${args.join(',')})`,
      );
    }
    byObject.set(e, position);
    return position;
  };
  const outputs = roots.map(visit);
  return { nodes, constants, outputs, key: keys.join(';') };
}

function nodeOf(op: ExprOp, dtype: DType, args: number[], index: number): ProgramNode {
  if (op === 'gradOutput' || op === 'output') {
    throw new StrataError(
      `elementwise: a '${op}' leaf reached a kernel; gradient expressions map it to an input first.`,
    );
  }
  return { op, dtype, args, index };
}
