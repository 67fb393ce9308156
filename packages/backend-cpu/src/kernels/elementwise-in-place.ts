import { compileExprs, type ElementwiseLayout, type ElementwiseProgram, type KernelFunc } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { interpretedLoop } from './elementwise-interpreter.js';
import { type ElementwiseLoop, elementwiseLoop } from './elementwise-js.js';

function elementwiseInPlaceOn(
  loopOf: (program: ElementwiseProgram, layout: ElementwiseLayout) => ElementwiseLoop,
): KernelFunc<'ElementwiseInPlace', CpuBackend> {
  return ({ inputs: { xs }, attrs: { exprs, targets, layout }, backend }) => {
    const program = compileExprs(exprs);
    const values = xs.map((x) => backend.values(x.dataId));
    const outs = targets.map((t) => values[t]!);
    loopOf(program, layout)(values, outs, layout.dims, layout.strides, program.constants);
    return [];
  };
}

/**
 * The `ElementwiseInPlace` kernel: one JavaScript loop generated for the expressions and layout
 * (see `elementwiseLoop`) that computes every expression of an element from the values it reads
 * and then writes them into the targets' own arrays.
 *
 * @example
 * ```ts
 * registerKernels('cpu', [{ kernelName: 'ElementwiseInPlace', kernelFunc: elementwiseInPlace }]);
 * ```
 */
export const elementwiseInPlace: KernelFunc<'ElementwiseInPlace', CpuBackend> = elementwiseInPlaceOn(elementwiseLoop);

/**
 * The `ElementwiseInPlace` kernel without generated code (`interpretedLoop`), for pages whose
 * Content Security Policy forbids `unsafe-eval`.
 *
 * @example
 * ```ts
 * registerKernels('cpu', [{ kernelName: 'ElementwiseInPlace', kernelFunc: elementwiseInPlaceInterpreted }]);
 * ```
 */
export const elementwiseInPlaceInterpreted: KernelFunc<'ElementwiseInPlace', CpuBackend> =
  elementwiseInPlaceOn(interpretedLoop);
