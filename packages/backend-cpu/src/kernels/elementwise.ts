import {
  compileExpr,
  type ElementwiseLayout,
  type ElementwiseProgram,
  type KernelFunc,
  sizeFromShape,
} from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { interpretedLoop } from './elementwise-interpreter.js';
import { type ElementwiseLoop, elementwiseLoop } from './elementwise-js.js';

function elementwiseOn(
  loopOf: (program: ElementwiseProgram, layout: ElementwiseLayout) => ElementwiseLoop,
): KernelFunc<'Elementwise', CpuBackend> {
  return ({ inputs: { xs }, attrs: { expr, layout }, output, backend }) => {
    const program = compileExpr(expr);
    const out = backend.allocate(output.dtype, sizeFromShape(output.shape));
    const values = xs.map((x) => backend.values(x.dataId));
    loopOf(program, layout)(values, [out], layout.dims, layout.strides, program.constants);
    return backend.makeOutput(out, output.shape, output.dtype);
  };
}

/**
 * The `Elementwise` kernel: renders the expression to a JavaScript loop over the layout core
 * computed (generated once per expression structure and layout, see `elementwiseLoop`) and runs
 * it into an output of the shape and dtype core computed.
 *
 * @example
 * ```ts
 * const y = elementwise({ inputs: { xs: [x] }, attrs, output, backend });
 * ```
 */
export const elementwise: KernelFunc<'Elementwise', CpuBackend> = elementwiseOn(elementwiseLoop);

/**
 * The `Elementwise` kernel without generated code: evaluates the expression node by node over
 * whole arrays (`interpretedLoop`), for pages whose Content Security Policy forbids `unsafe-eval`.
 *
 * @example
 * ```ts
 * registerKernels('cpu', [{ kernelName: 'Elementwise', kernelFunc: elementwiseInterpreted }]);
 * ```
 */
export const elementwiseInterpreted: KernelFunc<'Elementwise', CpuBackend> = elementwiseOn(interpretedLoop);
