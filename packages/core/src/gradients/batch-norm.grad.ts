import { runKernel } from '../autograd/run-kernel.js';
import type { GradFunc } from './grad-func.js';

/** Gradient of the fused `BatchNormTrain`, through the backend's fused backward kernel. */
export const batchNormTrainGrad: GradFunc<'BatchNormTrain'> = (dy, { inputs: { x, weight }, outputs, attrs }) => {
  const [dx, dweight, dbias] = runKernel(
    'BatchNormTrainGrad',
    { dy, x, weight, mean: outputs[1]!, var: outputs[2]! },
    attrs,
  );
  return { x: dx!, weight: dweight!, bias: dbias! };
};
