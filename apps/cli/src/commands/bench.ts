import { crossEntropy, manualSeed, noGrad, rand, randint, setBackend, tidy } from '@strata/core';
import { createModel, MODELS } from '@strata/models';
import { SGD } from '@strata/optim';
import { BACKEND_PACKAGES, backendProblem } from '../run/backends.js';
import { MAX_RESIZE } from '../run/train-config.js';
import { UsageError } from '../usage-error.js';
import type { Io } from './io.js';

/**
 * The flags of `strata bench`.
 *
 * @example
 * ```ts
 * const flags: BenchFlags = { model: 'lenet', batchSize: 256, steps: 5 };
 * ```
 */
export interface BenchFlags {
  model?: string;
  backend?: string;
  batchSize?: number;
  steps?: number;
  widthRatio?: number;
  resize?: number;
  json?: boolean;
}

function timeIt(steps: number, run: () => void): number {
  run();
  const start = performance.now();
  for (let i = 0; i < steps; i++) run();
  return (performance.now() - start) / 1000 / steps;
}

/**
 * `strata bench`: training and inference images/s of a model on random batches, on every
 * available backend (or `--backend`); unavailable backends are listed with the reason.
 *
 * @example
 * ```ts
 * await benchCommand({ model: 'lenet', json: true }, io);
 * ```
 */
export async function benchCommand(flags: BenchFlags, io: Io): Promise<number> {
  const model = flags.model ?? 'lenet-modern';
  const entry = Object.hasOwn(MODELS, model) ? MODELS[model] : undefined;
  if (entry === undefined)
    throw new UsageError(`unknown model '${model}'; expected one of ${Object.keys(MODELS).join(', ')}.`);
  const batch = flags.batchSize ?? 256;
  const steps = flags.steps ?? 5;
  const size = flags.resize ?? entry.inputSize;
  const ratio = flags.widthRatio ?? 1;
  for (const [name, value, ok] of [
    ['batch-size', batch, Number.isInteger(batch) && batch >= 1],
    ['steps', steps, Number.isInteger(steps) && steps >= 1],
    ['resize', size, Number.isInteger(size) && size >= 1 && size <= MAX_RESIZE],
    ['width-ratio', ratio, ratio >= 1],
  ] as const) {
    if (!ok) {
      const contract =
        name === 'width-ratio'
          ? 'a number >= 1'
          : name === 'resize'
            ? `an integer in 1..${MAX_RESIZE}`
            : 'an integer >= 1';
      throw new UsageError(`expected --${name} to be ${contract}, got ${value}.`);
    }
  }
  const names = flags.backend === undefined ? Object.keys(BACKEND_PACKAGES) : [flags.backend];
  const results: Record<
    string,
    { trainImagesPerSec: number; inferenceImagesPerSec: number } | { unavailable: string }
  > = {};
  for (const name of names) {
    const problem = await backendProblem(name);
    if (problem !== null) {
      if (flags.backend !== undefined) throw new UsageError(`backend '${name}' is not available: ${problem}.`);
      results[name] = { unavailable: problem };
      continue;
    }
    setBackend(name);
    manualSeed(0);
    const net = createModel(model, { ratio, inputSize: size });
    const optimizer = new SGD(net.parameters(), { lr: 0.01 });
    const x = rand([batch, 1, size, size]);
    const y = randint(0, 10, [batch], { dtype: 'int32' });
    const train = timeIt(steps, () =>
      tidy(() => {
        const loss = crossEntropy(net.forward(x), y);
        optimizer.zeroGrad();
        loss.backward();
        optimizer.step();
        loss.item();
      }),
    );
    net.eval();
    const infer = timeIt(steps, () => noGrad(() => tidy(() => void net.forward(x).argmax(1).dataSync())));
    results[name] = { trainImagesPerSec: batch / train, inferenceImagesPerSec: batch / infer };
  }
  if (flags.json === true) {
    io.stdout.write(`${JSON.stringify({ model, batchSize: batch, inputSize: size, steps, results })}\n`);
    return 0;
  }
  io.stdout.write(`${model} at ${size}x${size}, batch ${batch}, ${steps} timed steps:\n`);
  for (const [name, r] of Object.entries(results)) {
    io.stdout.write(
      'unavailable' in r
        ? `  ${name.padEnd(4)} unavailable: ${r.unavailable}\n`
        : `  ${name.padEnd(4)} train ${Math.round(r.trainImagesPerSec).toLocaleString('en-US')} img/s, inference ${Math.round(r.inferenceImagesPerSec).toLocaleString('en-US')} img/s\n`,
    );
  }
  return 0;
}
