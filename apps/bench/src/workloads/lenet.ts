import { crossEntropy, manualSeed, noGrad, rand, randint, type Tensor, tidy } from '@strata/core';
import { lenetModern } from '@strata/models';
import * as tf from '@tensorflow/tfjs-core';
import { tfjsLenet, toTfjsLayout } from '../lenet-tfjs.js';
import { measure } from '../measure.js';
import { checkClose } from '../numeric-check.js';
import { computeRatios } from '../ratios.js';
import type { EngineResult, WorkloadReport } from '../report.js';
import { forEachStrataThreadCount } from '../threads.js';
import { sgdStep } from './sgd-step.js';
import { notImplementedNote, type TfjsBackend, useTfjs } from '../tfjs.js';
import type { TimingPlan } from '../timing.js';

/** The batch for LeNet training and inference. */
export const LENET_BATCH = 256;
/** TensorFlow.js's CPU backend trains at ~13 images/s: it is timed at this batch, for a few steps. */
const TFJS_CPU_TRAIN_BATCH = 16;
const TFJS_CPU_TRAIN_PLAN: TimingPlan = { warmUpMs: 0, minRuns: 2, maxRuns: 3, budgetMs: 3000 };
const LR = 0.01;

/** A strata lenetModern with seeded weights and a seeded batch of images and labels. */
function strataSetup(batch: number) {
  manualSeed(0);
  const net = lenetModern();
  const x = rand([batch, 1, 28, 28]);
  const y = randint(0, 10, [batch], { dtype: 'int32' });
  return { net, x, y };
}

function tfjsBatch(x: Tensor, y: Tensor, batch: number) {
  const images = tf.tensor4d((x.dataSync() as Float32Array).subarray(0, batch * 784), [batch, 28, 28, 1]);
  const labels = tf.oneHot(tf.tensor1d((y.dataSync() as Int32Array).slice(0, batch), 'int32'), 10);
  return { images, labels };
}

/**
 * Checks strata's LeNet gradients against TensorFlow.js's on the same weights and batch: the
 * cross-entropy loss and every parameter gradient, after a strata backward pass.
 */
function checkTraining(net: ReturnType<typeof lenetModern>, x: Tensor, y: Tensor, batch: number): void {
  const xs = x.narrow(0, 0, batch);
  const ys = y.narrow(0, 0, batch);
  const parameters = net.namedParameters();
  for (const [, p] of parameters) p.grad = null;
  const loss = crossEntropy(net.forward(xs), ys);
  loss.backward();
  const model = tfjsLenet(parameters);
  const { images, labels } = tfjsBatch(x, y, batch);
  const { value, grads } = tf.variableGrads(
    () => tf.losses.softmaxCrossEntropy(labels, model.forward(images)) as tf.Scalar,
    model.variables,
  );
  checkClose('lenet-train loss', loss.dataSync(), value.dataSync());
  for (const [name, p] of parameters) {
    const expected = grads[`lenet-${name}`]!;
    const actual = toTfjsLayout(name, p.grad!.dataSync() as Float32Array, p.shape);
    checkClose(`lenet-train gradient of ${name}`, actual.dataSync(), expected.dataSync());
    actual.dispose();
    p.grad = null;
  }
  tf.dispose([value, images, labels, ...Object.values(grads)]);
  model.dispose();
}

async function tfjsTraining(
  engine: TfjsBackend,
  net: ReturnType<typeof lenetModern>,
  x: Tensor,
  y: Tensor,
): Promise<EngineResult> {
  await useTfjs(engine);
  const batch = engine === 'tfjs-cpu' ? TFJS_CPU_TRAIN_BATCH : LENET_BATCH;
  const model = tfjsLenet(net.namedParameters());
  const { images, labels } = tfjsBatch(x, y, batch);
  const optimizer = tf.train.sgd(LR);
  const step = () =>
    tf.tidy(() => {
      const loss = optimizer.minimize(
        () => tf.losses.softmaxCrossEntropy(labels, model.forward(images)) as tf.Scalar,
        true,
        model.variables,
      );
      return loss!.dataSync();
    });
  try {
    const extra = engine === 'tfjs-cpu' ? { plan: TFJS_CPU_TRAIN_PLAN, batch } : {};
    return await measure(engine, 1, 'images/s', { call: step, work: batch, ...extra });
  } catch (error) {
    return { engine, threads: 1, value: null, notImplemented: notImplementedNote(error) };
  } finally {
    tf.dispose([images, labels]);
    optimizer.dispose();
    model.dispose();
  }
}

async function tfjsInference(
  engine: TfjsBackend,
  net: ReturnType<typeof lenetModern>,
  x: Tensor,
  y: Tensor,
  strataLogits: Float32Array,
): Promise<EngineResult> {
  await useTfjs(engine);
  const model = tfjsLenet(net.namedParameters());
  const { images, labels } = tfjsBatch(x, y, LENET_BATCH);
  const logits = model.forward(images);
  checkClose(`lenet-inference logits (${engine})`, strataLogits, logits.dataSync());
  logits.dispose();
  const infer = () => tf.tidy(() => tf.argMax(model.forward(images), 1).dataSync());
  const result = await measure(engine, 1, 'images/s', { call: infer, work: LENET_BATCH });
  tf.dispose([images, labels]);
  model.dispose();
  return result;
}

/**
 * strata's LeNet training and inference images/s alone at each strata thread count, on a freshly
 * seeded network and batch: what the bench measures again in the rounds that alternate with
 * PyTorch's.
 *
 * @example
 * ```ts
 * const { train, inference } = await strataLenetResults();
 * ```
 */
export async function strataLenetResults(): Promise<{ train: EngineResult[]; inference: EngineResult[] }> {
  const { net, x, y } = strataSetup(LENET_BATCH);
  const trainStep = sgdStep(net, x, y, LR);
  const infer = () => noGrad(() => tidy(() => net.forward(x).argmax(1).dataSync()));
  const train = await forEachStrataThreadCount((threads) =>
    measure('strata-cpu', threads, 'images/s', { call: trainStep, work: LENET_BATCH }),
  );
  const inference = await forEachStrataThreadCount((threads) =>
    measure('strata-cpu', threads, 'images/s', { call: infer, work: LENET_BATCH }),
  );
  x.dispose();
  y.dispose();
  return { train, inference };
}

/**
 * LeNet (d2l's modern LeNet, `lenetModern`) at batch 256: training images/s (forward, backward
 * and an SGD update) and inference images/s (forward and argmax), strata against the same
 * network written with TensorFlow.js ops. Gradients and logits are checked against TensorFlow.js
 * first; tfjs-wasm cannot train (no Conv2DBackpropFilter) and is recorded as not implemented.
 *
 * @example
 * ```ts
 * const [train, inference] = await benchLenet();
 * ```
 */
export async function benchLenet(): Promise<WorkloadReport[]> {
  const { net, x, y } = strataSetup(LENET_BATCH);
  await useTfjs('tfjs-cpu');
  checkTraining(net, x, y, TFJS_CPU_TRAIN_BATCH);
  const strataLogits = noGrad(() => net.forward(x).dataSync() as Float32Array);

  const inferenceRefs: EngineResult[] = [];
  for (const engine of ['tfjs-wasm', 'tfjs-cpu'] as TfjsBackend[])
    inferenceRefs.push(await tfjsInference(engine, net, x, y, strataLogits));
  const trainRefs: EngineResult[] = [];
  for (const engine of ['tfjs-wasm', 'tfjs-cpu'] as TfjsBackend[])
    trainRefs.push(await tfjsTraining(engine, net, x, y));

  const { train, inference } = await strataLenetResults();
  x.dispose();
  y.dispose();
  const shape = `lenetModern, batch ${LENET_BATCH}, 1x28x28`;
  const trainResults = [...train, ...trainRefs];
  const inferenceResults = [...inference, ...inferenceRefs];
  return [
    {
      name: 'lenet-train',
      group: 'lenet',
      unit: 'images/s',
      shape: `${shape}, SGD`,
      results: trainResults,
      ratios: computeRatios(trainResults),
    },
    {
      name: 'lenet-inference',
      group: 'lenet',
      unit: 'images/s',
      shape,
      results: inferenceResults,
      ratios: computeRatios(inferenceResults),
    },
  ];
}
