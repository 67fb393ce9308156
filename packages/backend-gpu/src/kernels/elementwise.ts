import { compileExpr, type KernelFunc, type Shape, sizeFromShape } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { at, broadcastStrides, coordTerms, returnAs, threadAt, unravel } from '../programs/index-math.js';
import { renderExpr } from '../programs/render-expr.js';

/**
 * The `Elementwise` kernel: renders the expression to one gpu.js program (compiled once per
 * source, which holds the shapes), each input read at its broadcast position. Constants are
 * float uniforms, so a changing value (a learning rate) runs the same program.
 *
 * @example
 * ```ts
 * const y = elementwise({ inputs: { xs: [x] }, attrs, output, backend });
 * ```
 */
export const elementwise: KernelFunc<'Elementwise', GpuBackend> = ({
  inputs: { xs },
  attrs: { expr },
  output,
  backend,
}) => {
  const program = compileExpr(expr);
  const shape: Shape = output.shape;
  const same = (inShape: Shape) => inShape.length === shape.length && inShape.every((d, i) => d === shape[i]);
  const rendered = renderExpr(
    program,
    (index) => {
      const x = xs[index]!;
      const read = same(x.shape)
        ? threadAt(backend.layout, sizeFromShape(shape))
        : at(backend, x, coordTerms(broadcastStrides(x.shape, shape), shape));
      return `x${index}${read}`;
    },
    '',
  );
  const params = [...xs.map((_, i) => `x${i}`), ...rendered.constants];
  const lines: string[] = [`function(${params.join(', ')}) {`];
  if (!xs.every((x) => same(x.shape))) lines.push(unravel(shape, backend.layout));
  lines.push(...rendered.statements, returnAs(output.dtype, rendered.result), '}');
  return backend.runProgram({ source: lines.join('\n'), inputs: xs, scalars: program.constants }, shape, output.dtype);
};
