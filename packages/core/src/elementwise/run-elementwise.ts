import { run } from '../autograd/run-kernel.js';
import { broadcastShapes } from '../shape.js';
import type { Tensor } from '../tensor.js';
import type { Expr } from './expr.js';
import { elementwiseLayout } from './layout.js';

/**
 * @internal Runs `expr` as one `Elementwise` kernel over `inputs` (its `input(i)` leaves read
 * `inputs[i]`), broadcast together; `name` is the op autograd and errors name. `vjp` gives the
 * op's own gradient expressions where the primitives' rules would not give PyTorch's.
 */
export function runElementwise(
  name: string,
  inputs: readonly Tensor[],
  expr: Expr,
  vjp?: readonly (Expr | null)[],
): Tensor {
  const shapes = inputs.map((t) => t.shape);
  const layout = elementwiseLayout(shapes, broadcastShapes(name, ...shapes));
  return run('Elementwise', { xs: inputs }, vjp === undefined ? { name, expr, layout } : { name, expr, layout, vjp });
}
