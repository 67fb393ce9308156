import { runKernel } from '../autograd/run-kernel.js';
import { epilogueBackward } from '../ops/epilogue.js';
import type { Gradient } from './grad-func.js';

/**
 * Gradient of the fused `BatchNormTrain`, through the backend's fused backward kernel and its
 * saved `mean` and `var`; with an epilogue, `dy` is first taken back through its activation
 * (from the kept output).
 */
export const batchNormTrainGrad: Gradient<'BatchNormTrain'> = {
  saves: ({ epilogue }) => ({ inputs: ['x', 'weight'], outputs: epilogue?.vjp ? [0, 1, 2] : [1, 2] }),
  backward: (dy, { attrs: { epilogue, eps }, saved, output }) => {
    const dz = epilogue?.vjp ? epilogueBackward(epilogue, dy, output(0)) : dy;
    const [dx, dweight, dbias] = runKernel(
      'BatchNormTrainGrad',
      { dy: dz, x: saved('x'), weight: saved('weight'), mean: output(1), var: output(2) },
      { eps },
    );
    return { x: dx!, weight: dweight!, bias: dbias! };
  },
};
