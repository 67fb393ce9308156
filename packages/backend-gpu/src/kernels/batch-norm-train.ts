import { type KernelFunc, sizeFromShape } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { channelDims, channelSums } from '../programs/channel-sums.js';
import { epilogueSource } from '../programs/epilogue-source.js';
import { num, type RowLayout, threadAt, unravel } from '../programs/index-math.js';

/** The statement giving the channel `c` of the thread's element of `[N, C, S]`. */
function channelOf(shape: readonly number[], layout: RowLayout): string {
  const { batch, channels, spatial } = channelDims(shape);
  return `${unravel([batch, channels, spatial], layout)}\nlet c = c1;`;
}

/**
 * Training-mode batch normalisation: the per-channel mean and then the biased variance (two
 * passes, the second over squared deviations from the first) as batch-chunked sums, then one
 * thread per element for `(x - mean) * weight / sqrt(var + eps) + bias`, then the `epilogue`
 * (an activation) in the same program.
 *
 * @example
 * ```ts
 * const [y, mean, variance] = batchNormTrain({ inputs: { x, weight, bias }, attrs: { eps: 1e-5 }, backend });
 * ```
 */
export const batchNormTrain: KernelFunc<'BatchNormTrain', GpuBackend> = ({
  inputs: { x, weight, bias },
  attrs: { eps, epilogue },
  backend,
}) => {
  const tail = epilogueSource('BatchNormTrain', backend, epilogue, 'y', undefined);
  const { batch, spatial } = channelDims(x.shape);
  const count = batch * spatial;
  const self = threadAt(backend.layout, sizeFromShape(x.shape));
  const mean = channelSums(backend, x, { x }, (i) => `x${i}`, 1 / count);
  const variance = channelSums(backend, x, { x, mean }, (i) => `(x${i} - mean[c]) * (x${i} - mean[c])`, 1 / count);
  const source = [
    `function(${['x', 'mean', 'variance', 'weight', 'bias', ...tail.params].join(', ')}) {`,
    channelOf(x.shape, backend.layout),
    `let y = (x${self} - mean[c]) * (weight[c] / Math.sqrt(variance[c] + ${num(eps)})) + bias[c];`,
    ...tail.statements,
    `return ${tail.result};`,
    '}',
  ].join('\n');
  const y = backend.runProgram(
    { source, inputs: [x, mean, variance, weight, bias, ...tail.inputs], scalars: tail.scalars },
    x.shape,
    x.dtype,
  );
  return [y, mean, variance];
};

/**
 * Gradient of {@link batchNormTrain}: `dbias = sum(dy)` and `dweight = sum(dy * xhat)` per
 * channel as batch-chunked sums, then one thread per element for
 * `dx = weight * invstd * (dy - dbias / count - xhat * dweight / count)`, with
 * `xhat = (x - mean) * invstd` and `invstd = 1 / sqrt(var + eps)`.
 *
 * @example
 * ```ts
 * const [dx, dweight, dbias] = batchNormTrainGrad({ inputs: { dy, x, weight, mean, var: v }, attrs: { eps: 1e-5 }, backend });
 * ```
 */
export const batchNormTrainGrad: KernelFunc<'BatchNormTrainGrad', GpuBackend> = ({
  inputs,
  attrs: { eps },
  backend,
}) => {
  const { dy, x, weight, mean } = inputs;
  const variance = inputs.var;
  const { batch, spatial } = channelDims(x.shape);
  const count = batch * spatial;
  const self = threadAt(backend.layout, sizeFromShape(x.shape));
  const invstd = `(1.0 / Math.sqrt(variance[c] + ${num(eps)}))`;
  const dbias = channelSums(backend, x, { dy }, (i) => `dy${i}`, 1);
  const dweight = channelSums(
    backend,
    x,
    { dy, x, mean, variance },
    (i) => `dy${i} * (x${i} - mean[c]) * ${invstd}`,
    1,
  );
  const source = [
    'function(dy, x, mean, variance, weight, dweight, dbias) {',
    channelOf(x.shape, backend.layout),
    `let invstd = ${invstd};`,
    `let xhat = (x${self} - mean[c]) * invstd;`,
    `return weight[c] * invstd * (dy${self} - dbias[c] * ${num(1 / count)} - xhat * dweight[c] * ${num(1 / count)});`,
    '}',
  ].join('\n');
  const dx = backend.runProgram({ source, inputs: [dy, x, mean, variance, weight, dweight, dbias] }, x.shape, x.dtype);
  return [dx, dweight, dbias];
};
