// The Node smoke test run against the published packages, installed by name into a clean project
// outside the repository: trains a few LeNet steps on the embedded Fashion-MNIST sample with two
// DataLoader workers, saves the weights as safetensors, loads them into a fresh model and checks
// that it computes the same outputs. Prints one line; exits 1 on any failure.
import '@strata/backend-cpu';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualSeed, noGrad, VERSION } from '@strata/core';
import { Compose, DataLoader, FashionMNIST, Normalize, ToTensor } from '@strata/data';
import { lenet } from '@strata/models';
import { CrossEntropyLoss, load, save } from '@strata/nn';
import { SGD } from '@strata/optim';
import { xavierInit } from '@strata/train';

manualSeed(0);
const train = new FashionMNIST({ embeddedSample: true, transform: new Compose([new ToTensor(), new Normalize([0.286], [0.353])]) });
const loader = new DataLoader(train, { batchSize: 64, shuffle: true, seed: 0, numWorkers: 2 });
const net = xavierInit(lenet());
const optimizer = new SGD(net.parameters(), { lr: 0.9 });
const lossFn = new CrossEntropyLoss();
const losses = [];
for await (const [X, y] of loader) {
  // Written as in PyTorch: the loop releases each batch's tensors when it moves to the next.
  optimizer.zeroGrad();
  const loss = lossFn.forward(net.forward(X), y);
  loss.backward();
  optimizer.step();
  losses.push(loss.item());
  if (losses.length === 5) break;
}
if (losses.length !== 5 || !losses.every(Number.isFinite)) throw new Error(`expected 5 finite losses, got ${losses}`);

const file = join(mkdtempSync(join(tmpdir(), 'strata-smoke-')), 'lenet.safetensors');
await save(net, file);
const copy = lenet();
copy.loadStateDict(await load(file));
net.eval();
copy.eval();
let a;
let b;
for await (const [X] of new DataLoader(train, { batchSize: 8 })) {
  a = noGrad(() => net.forward(X).dataSync());
  b = noGrad(() => copy.forward(X).dataSync());
  break;
}
if (a.length !== b.length || a.some((v, k) => v !== b[k])) throw new Error('the model loaded from safetensors computes other outputs');
console.log(
  `smoke: @strata/core ${VERSION} on Node ${process.version}: 5 LeNet steps with 2 DataLoader workers (loss ${losses[0].toFixed(3)} -> ${losses[4].toFixed(3)}), saved and loaded ${file.split('/').pop()}: identical outputs`,
);
