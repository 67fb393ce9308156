import { compileExpr, type KernelFunc, sizeFromShape } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { elementwiseLoop } from './elementwise-js.js';

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
export const elementwise: KernelFunc<'Elementwise', CpuBackend> = ({
  inputs: { xs },
  attrs: { expr, layout },
  output,
  backend,
}) => {
  const program = compileExpr(expr);
  const out = backend.allocate(output.dtype, sizeFromShape(output.shape));
  const values = xs.map((x) => backend.values(x.dataId));
  elementwiseLoop(program, layout)(values, out, layout.dims, layout.strides, program.constants);
  return backend.makeOutput(out, output.shape, output.dtype);
};
