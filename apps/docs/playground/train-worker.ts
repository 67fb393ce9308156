// The playground's training, in a Web Worker so the page stays responsive: reads the embedded
// Fashion-MNIST sample, trains the chosen model on the chosen backend with Adam, reports the loss
// and batch accuracy of every step and the held-out accuracy every tenth, ends with the confusion
// matrix on the held-out sample, then classifies the images the page sends.
import { getNumThreads, threadsReady } from '@strata/backend-cpu';
import '@strata/backend-gpu';
import { getBackend, manualSeed, noGrad, setBackend, type Tensor, tensor, tidy } from '@strata/core';
import { decodeIdx } from '@strata/data';
import { lenet, lenetModern, resnet18 } from '@strata/models';
import { CrossEntropyLoss, type Sequential } from '@strata/nn';
import { Adam } from '@strata/optim';
import { xavierInit } from '@strata/train';
import type { PlaygroundModel, Reply, Request, SampleUrls } from './protocol.js';

const SIDE = 28;
const PIXELS = SIDE * SIDE;
const CLASSES = 10;
/** Fashion-MNIST's mean and standard deviation, as torchvision tutorials normalize it. */
const MEAN = 0.286;
const STD = 0.353;
const EVAL_EVERY = 10;

interface Split {
  images: Float32Array;
  labels: Int32Array;
  count: number;
}

let model: Sequential | undefined;

function post(reply: Reply): void {
  self.postMessage(reply);
}

async function readSplit(imagesUrl: string, labelsUrl: string): Promise<Split> {
  const [imageBytes, labelBytes] = await Promise.all(
    [imagesUrl, labelsUrl].map(async (url) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`playground: could not fetch ${url}: HTTP ${response.status}`);
      return response.arrayBuffer();
    }),
  );
  const images = await decodeIdx(imageBytes!, 'images', imagesUrl);
  const labels = await decodeIdx(labelBytes!, 'labels', labelsUrl);
  const pixels = new Float32Array(images.count * PIXELS);
  for (let k = 0; k < pixels.length; k++) pixels[k] = (images.data[k]! / 255 - MEAN) / STD;
  return { images: pixels, labels: Int32Array.from(labels.data), count: labels.count };
}

function build(name: PlaygroundModel): Sequential {
  if (name === 'lenet') return xavierInit(lenetModern());
  if (name === 'lenet-sigmoid') return xavierInit(lenet());
  // ResNet-18's layout at 1/16 of its widths (4 to 32 channels): small enough to train here.
  return resnet18({ ratio: 16, inChannels: 1, numClasses: CLASSES });
}

/** A seeded permutation (xorshift32), so every run sees the same batches. */
function permutation(count: number, seed: number): Int32Array {
  const order = Int32Array.from({ length: count }, (_, k) => k);
  let state = seed >>> 0 || 1;
  for (let k = count - 1; k > 0; k--) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const j = (state >>> 0) % (k + 1);
    [order[k], order[j]] = [order[j]!, order[k]!];
  }
  return order;
}

function batch(split: Split, indices: ArrayLike<number>): { X: Tensor; y: Tensor } {
  const images = new Float32Array(indices.length * PIXELS);
  const labels = new Int32Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const index = indices[k]!;
    images.set(split.images.subarray(index * PIXELS, (index + 1) * PIXELS), k * PIXELS);
    labels[k] = split.labels[index]!;
  }
  return { X: tensor(images, { shape: [indices.length, 1, SIDE, SIDE] }), y: tensor(labels) };
}

/** Predicted classes of a whole split, in chunks of 100 images. */
function predict(net: Sequential, split: Split): Int32Array {
  const predictions = new Int32Array(split.count);
  for (let start = 0; start < split.count; start += 100) {
    const end = Math.min(split.count, start + 100);
    const chunk = tidy(() => {
      const { X } = batch(
        split,
        Int32Array.from({ length: end - start }, (_, k) => start + k),
      );
      return noGrad(() => net.forward(X).argmax(1).dataSync());
    });
    predictions.set(chunk, start);
  }
  return predictions;
}

function accuracyOf(predictions: Int32Array, labels: Int32Array): number {
  let correct = 0;
  for (let k = 0; k < labels.length; k++) if (predictions[k] === labels[k]) correct++;
  return correct / labels.length;
}

async function train(request: Extract<Request, { type: 'train' }>): Promise<void> {
  const started = performance.now();
  await threadsReady();
  setBackend(request.backend);
  manualSeed(0);
  const { train: trainSplit, test } = await readSample(request.sample);
  post({
    type: 'ready',
    backend: getBackend().name,
    threads: request.backend === 'cpu' ? getNumThreads() : 1,
    trainCount: trainSplit.count,
    testCount: test.count,
  });
  const net = build(request.model);
  model = net;
  net.train();
  const optimizer = new Adam(net.parameters(), { lr: request.lr });
  const lossFn = new CrossEntropyLoss();
  const order = permutation(trainSplit.count, 1);
  for (let step = 1; step <= request.steps; step++) {
    const offset = ((step - 1) * request.batchSize) % (trainSplit.count - request.batchSize);
    const { loss, accuracy } = tidy(() => {
      const { X, y } = batch(trainSplit, order.subarray(offset, offset + request.batchSize));
      optimizer.zeroGrad();
      const logits = net.forward(X);
      const value = lossFn.forward(logits, y);
      value.backward();
      optimizer.step();
      const hits = logits.argmax(1).eq(y).float().mean().item();
      return { loss: value.item(), accuracy: hits };
    });
    post({ type: 'step', step, loss, accuracy });
    if (step % EVAL_EVERY === 0 && step < request.steps) {
      net.eval();
      post({ type: 'evaluated', step, accuracy: accuracyOf(predict(net, test), test.labels) });
      net.train();
    }
    // Let the worker take the page's messages between steps.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  net.eval();
  const predictions = predict(net, test);
  const confusion = Array.from({ length: CLASSES }, () => new Array<number>(CLASSES).fill(0));
  for (let k = 0; k < test.count; k++) confusion[test.labels[k]!]![predictions[k]!]!++;
  post({
    type: 'done',
    accuracy: accuracyOf(predictions, test.labels),
    confusion,
    seconds: (performance.now() - started) / 1000,
  });
}

let sample: Promise<{ train: Split; test: Split }> | undefined;

function readSample(urls: SampleUrls): Promise<{ train: Split; test: Split }> {
  sample ??= Promise.all([
    readSplit(urls.trainImages, urls.trainLabels),
    readSplit(urls.testImages, urls.testLabels),
  ]).then(([train, test]) => ({ train, test }));
  return sample;
}

function classify(pixels: Float32Array): void {
  if (model === undefined)
    throw new Error('playground: expected a trained model before classify, got none; train first');
  const net = model;
  const normalized = pixels.map((value) => (value - MEAN) / STD);
  const probabilities = tidy(() =>
    noGrad(() =>
      Array.from(
        net
          .forward(tensor(normalized, { shape: [1, 1, SIDE, SIDE] }))
          .softmax(1)
          .dataSync(),
      ),
    ),
  );
  post({ type: 'prediction', probabilities });
}

self.onmessage = (event: MessageEvent<Request>) => {
  const request = event.data;
  const work = request.type === 'train' ? train(request) : Promise.resolve(classify(request.pixels));
  work.catch((error: unknown) => {
    post({ type: 'error', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  });
};
