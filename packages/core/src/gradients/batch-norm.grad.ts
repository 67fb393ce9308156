import { runKernel } from '../autograd/run-kernel.js';
import type { Gradient } from './grad-func.js';

/** Gradient of the fused `BatchNormTrain`, through the backend's fused backward kernel and its saved `mean` and `var`. */
export const batchNormTrainGrad: Gradient<'BatchNormTrain'> = {
  saves: () => ({ inputs: ['x', 'weight'], outputs: [1, 2] }),
  backward: (dy, { attrs, saved, output }) => {
    const [dx, dweight, dbias] = runKernel(
      'BatchNormTrainGrad',
      { dy, x: saved('x'), weight: saved('weight'), mean: output(1), var: output(2) },
      attrs,
    );
    return { x: dx!, weight: dweight!, bias: dbias! };
  },
};
