// The page `pnpm bench` opens in headless Chromium (bundled by browser-bench.ts): LeNet training and
// inference at batch 256 with strata's CPU backend at each thread count and with tfjs-wasm's
// threaded SIMD build, timed as the Node bench times them. The outcome is left on
// `globalThis.strataBench` for browser-bench.ts to read.
import { getNumThreads, wasmSimdFlavour, wasmUnavailableReason } from '@strata/backend-cpu';
import { manualSeed, noGrad, rand, randint, type Tensor, tidy } from '@strata/core';
import { lenetModern } from '@strata/models';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { tfjsLenet } from '../lenet-tfjs.js';
import { measure } from '../measure.js';
import { checkClose } from '../numeric-check.js';
import { computeRatios } from '../ratios.js';
import type { EngineResult, WorkloadReport } from '../report.js';
import { forEachStrataThreadCount, STRATA_THREAD_COUNTS } from '../threads.js';
import { notImplementedNote, tfjsInfo } from '../tfjs.js';
import { sgdStep } from '../workloads/sgd-step.js';
import { type PageOutcome, TFJS_WASM_PATH } from './page-contract.js';

const BATCH = 256;
const LR = 0.01;

function tfjsBatch(x: Tensor, y: Tensor) {
  const images = tf.tensor4d(x.dataSync() as Float32Array, [BATCH, 28, 28, 1]);
  const labels = tf.oneHot(tf.tensor1d(y.dataSync() as Int32Array, 'int32'), 10);
  return { images, labels };
}

async function run(): Promise<PageOutcome> {
  manualSeed(0);
  const net = lenetModern();
  const x = rand([BATCH, 1, 28, 28]);
  const y = randint(0, 10, [BATCH], { dtype: 'int32' });
  const strataLogits = noGrad(() => net.forward(x).dataSync() as Float32Array);

  setWasmPaths(TFJS_WASM_PATH);
  // As many threads as strata's most, so that both use the same cores. tfjs-wasm 4.22 may start
  // fewer (its XNNPACK pool follows the core count): the report records what getThreadsCount says.
  const tfjsThreadsRequested = Math.max(...STRATA_THREAD_COUNTS);
  setThreadsCount(tfjsThreadsRequested);
  if (!(await tf.setBackend('wasm'))) throw new Error("TensorFlow.js: backend 'wasm' failed to start in the page.");
  const tfjs = tfjsInfo();
  const model = tfjsLenet(net.namedParameters());
  const { images, labels } = tfjsBatch(x, y);
  const logits = model.forward(images);
  checkClose('browser lenet-inference logits (tfjs-wasm)', strataLogits, logits.dataSync());
  logits.dispose();
  const tfInference = await measure('tfjs-wasm', tfjs.wasmThreads, 'images/s', {
    call: () => tf.tidy(() => tf.argMax(model.forward(images), 1).dataSync()),
    work: BATCH,
  });
  const optimizer = tf.train.sgd(LR);
  let tfTrain: EngineResult;
  try {
    tfTrain = await measure('tfjs-wasm', tfjs.wasmThreads, 'images/s', {
      call: () =>
        tf.tidy(() =>
          optimizer
            .minimize(
              () => tf.losses.softmaxCrossEntropy(labels, model.forward(images)) as tf.Scalar,
              true,
              model.variables,
            )!
            .dataSync(),
        ),
      work: BATCH,
    });
  } catch (error) {
    tfTrain = {
      engine: 'tfjs-wasm',
      threads: tfjs.wasmThreads,
      value: null,
      notImplemented: notImplementedNote(error),
    };
  }
  tf.dispose([images, labels]);
  optimizer.dispose();
  model.dispose();

  const trainStep = sgdStep(net, x, y, LR);
  const infer = () => noGrad(() => tidy(() => net.forward(x).argmax(1).dataSync()));
  let strataThreads = 0;
  const strata = await forEachStrataThreadCount(async (threads) => {
    strataThreads = Math.max(strataThreads, getNumThreads());
    return {
      train: await measure('strata-cpu', threads, 'images/s', { call: trainStep, work: BATCH }),
      inference: await measure('strata-cpu', threads, 'images/s', { call: infer, work: BATCH }),
    };
  });
  const train = strata.map((s) => s.train);
  const inference = strata.map((s) => s.inference);
  const shape = `lenetModern, batch ${BATCH}, 1x28x28`;
  const workload = (name: string, shapeText: string, results: EngineResult[]): WorkloadReport => ({
    name,
    group: 'lenet',
    unit: 'images/s',
    shape: shapeText,
    results,
    ratios: computeRatios(results),
  });
  return {
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    strataSimd: wasmSimdFlavour ?? `none (${wasmUnavailableReason})`,
    strataThreads,
    tfjsWasmBinary: tfjs.wasmBinary,
    tfjsWasmThreads: tfjs.wasmThreads,
    tfjsWasmThreadsRequested: tfjsThreadsRequested,
    workloads: [
      workload('lenet-train', `${shape}, SGD`, [...train, tfTrain]),
      workload('lenet-inference', shape, [...inference, tfInference]),
    ],
  };
}

(globalThis as { strataBench?: PageOutcome }).strataBench = await run().catch((error: unknown) => ({
  error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
}));
