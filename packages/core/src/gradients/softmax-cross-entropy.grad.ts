import { run } from '../autograd/run-kernel.js';
import type { Gradient } from './grad-func.js';

/**
 * Gradient of the fused `SoftmaxCrossEntropy` w.r.t. the logits, in one backend kernel from the
 * saved logits, targets and row logsumexp; the integer targets get none.
 */
export const softmaxCrossEntropyGrad: Gradient<'SoftmaxCrossEntropy'> = {
  saves: () => ({ inputs: ['logits', 'target'], outputs: [1] }),
  backward: (dy, { attrs, saved, output }) => ({
    logits: run(
      'SoftmaxCrossEntropyGrad',
      { dy, logits: saved('logits'), target: saved('target'), lse: output(1) },
      attrs,
    ),
  }),
};
