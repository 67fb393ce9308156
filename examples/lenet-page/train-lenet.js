// The page of every bundler example: trains a few LeNet steps on the CPU backend (WebAssembly,
// on several threads when the page is cross-origin isolated) and on the GPU backend (WebGL2),
// reading batches through a DataLoader with two Web Workers, then evaluates. It uses every
// package that runs in a browser and nothing but their imports. The outcome is left on
// `globalThis.strataExample` (and printed on the page) for run-in-chromium.mjs to read.
import { getNumThreads, threadsReady, wasmUnavailableReason } from '@strata/backend-cpu';
import '@strata/backend-gpu';
import { getBackend, manualSeed, setBackend, tidy, VERSION } from '@strata/core';
import { Compose, DataLoader, Normalize, RandomHorizontalFlip, ToTensor } from '@strata/data';
import { lenet } from '@strata/models';
import { CrossEntropyLoss } from '@strata/nn';
import { Adam } from '@strata/optim';
import { evaluate, xavierInit } from '@strata/train';

const SIDE = 28;

/** 10 classes of 28 x 28 grayscale images: class c is a bright band at rows 2c + 4 ... 2c + 7, plus noise. */
class BandsDataset {
  length = 128;
  transform = new Compose([new RandomHorizontalFlip(0.5), new ToTensor(), new Normalize([0.5], [0.5])]);
  targetTransform = undefined;

  getRaw(index) {
    const label = index % 10;
    const data = new Uint8Array(SIDE * SIDE);
    for (let k = 0; k < data.length; k++) {
      const row = Math.floor(k / SIDE);
      const band = row >= 2 * label + 4 && row < 2 * label + 8;
      data[k] = (band ? 200 : 30) + ((k * 7919 + index * 104729) % 40);
    }
    return [{ kind: 'raw', data, height: SIDE, width: SIDE, channels: 1 }, label];
  }

  get() {
    throw new Error('BandsDataset: the DataLoader reads samples through getRaw');
  }
}

async function train(backend) {
  setBackend(backend);
  manualSeed(0);
  const net = xavierInit(lenet());
  const optimizer = new Adam(net.parameters(), { lr: 0.003 });
  const lossFn = new CrossEntropyLoss();
  const loader = new DataLoader(new BandsDataset(), { batchSize: 16, shuffle: true, seed: 1, numWorkers: 2 });
  const losses = [];
  for await (const [X, y] of loader) {
    losses.push(
      tidy(() => {
        optimizer.zeroGrad();
        const loss = lossFn.forward(net.forward(X), y);
        loss.backward();
        optimizer.step();
        return loss.item();
      }),
    );
    X.dispose();
    y.dispose();
  }
  const test = new DataLoader(new BandsDataset(), { batchSize: 64, numWorkers: 2 });
  const { accuracy } = await evaluate(net, test);
  return { backend: getBackend().name, losses, accuracy };
}

async function run() {
  await threadsReady();
  const cpu = await train('cpu');
  const gpu = await train('gpu');
  return {
    core: VERSION,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    wasm: wasmUnavailableReason ?? 'on',
    threads: getNumThreads(),
    cpu,
    gpu,
  };
}

globalThis.strataExample = run().catch((error) => ({ error: `${error.name}: ${error.message}` }));
globalThis.strataExample.then((result) => {
  if (typeof document !== 'undefined') document.body.textContent = JSON.stringify(result, null, 2);
});
