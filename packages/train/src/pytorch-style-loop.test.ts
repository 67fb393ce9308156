import type { CpuBackend } from '@strata/backend-cpu';
import '@strata/backend-cpu';
import { findBackend, manualSeed, memory, noGradScope } from '@strata/core';
import { DataLoader, FashionMNIST, ToTensor } from '@strata/data';
import { lenetModern } from '@strata/models';
import { CrossEntropyLoss } from '@strata/nn';
import { Adam } from '@strata/optim';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

// The chapters' loops written exactly as in PyTorch: no tidy, no dispose, no keep. Memory stays
// flat because each iteration of a for await loop over a DataLoader is a memory scope; without
// it, each step at batch 4 leaves 62 tensors and 0.6 MB behind, and the counts below grow with
// every step.

const STEPS = 2000;
/** Where the steady state is measured: after the first Adam step created its state. */
const EARLY = 100;
/** Tensors and bytes a step may differ by: the last batch of an epoch is smaller. */
const SLACK_TENSORS = 0;
const SLACK_BYTES = 64 * 1024;
/** RSS may drift by the JIT and the heap's growth, not by the activations of 1,900 steps. */
const RSS_RATIO = 1.2;

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

interface Snapshot {
  tensors: number;
  bytes: number;
  /** Typed arrays the CPU backend had to allocate on the JS heap (rather than reuse) so far. */
  allocated: number;
  /** Size of the CPU backend's WebAssembly memory, where its tensors live (grows, never shrinks). */
  wasmMemory: number;
  rss: number;
}

/**
 * Counts and RSS after a full collection. The loop also collects every {@link EARLY} steps: V8
 * sizes its heap by how much garbage piled up between collections, so without them RSS would
 * measure the collector's schedule; with them it measures what the process retains, which a
 * leak grows (the engine holds every live buffer). The counts need no collection: tensors are
 * released by the loop's scopes, and buffers reused by the CPU backend, whenever it runs.
 */
function snapshot(): Snapshot {
  collectGarbage();
  const m = memory();
  const { buffersAllocated, wasmMemoryBytes } = (findBackend('cpu') as CpuBackend).stats();
  return {
    tensors: m.numTensors,
    bytes: m.numBytes,
    allocated: buffersAllocated,
    wasmMemory: wasmMemoryBytes,
    rss: process.memoryUsage().rss,
  };
}

describe('a PyTorch-style loop over a DataLoader', () => {
  it(`trains LeNet for ${STEPS} steps with flat tensors, bytes and RSS, then evaluates inside for await`, {
    timeout: 300_000,
  }, async () => {
    manualSeed(0);
    const train = new FashionMNIST({ train: true, embeddedSample: true, transform: new ToTensor() });
    const test = new FashionMNIST({ train: false, embeddedSample: true, transform: new ToTensor() });
    const trainLoader = new DataLoader(train, { batchSize: 4, shuffle: true, seed: 0 });
    const testLoader = new DataLoader(test, { batchSize: 100 });
    const net = lenetModern();
    const lossFn = new CrossEntropyLoss();
    const optimizer = new Adam(net.parameters(), { lr: 1e-3 });

    let step = 0;
    let early: Snapshot | undefined;
    let late: Snapshot | undefined;
    const losses: number[] = [];
    while (step < STEPS) {
      for await (const [X, y] of trainLoader) {
        optimizer.zeroGrad();
        const loss = lossFn.forward(net.forward(X), y);
        loss.backward();
        optimizer.step();
        losses.push(loss.item() as number);
        step++;
        if (step % EARLY === 0) collectGarbage();
        if (step === EARLY) early = snapshot();
        if (step === STEPS) {
          late = snapshot();
          break;
        }
      }
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(
      `${STEPS} steps: ${early!.tensors} -> ${late!.tensors} tensors, ${early!.bytes} -> ${late!.bytes} bytes, buffers allocated ${early!.allocated} -> ${late!.allocated}, wasm memory ${early!.wasmMemory} -> ${late!.wasmMemory} bytes, RSS ${(early!.rss / 2 ** 20).toFixed(0)} -> ${(late!.rss / 2 ** 20).toFixed(0)} MiB, loss ${mean(losses.slice(0, EARLY)).toFixed(3)} -> ${mean(losses.slice(-EARLY)).toFixed(3)}`,
    );
    expect(late!.tensors).toBeLessThanOrEqual(early!.tensors + SLACK_TENSORS);
    expect(late!.bytes).toBeLessThanOrEqual(early!.bytes + SLACK_BYTES);
    expect(late!.allocated).toBe(early!.allocated);
    expect(late!.wasmMemory).toBe(early!.wasmMemory);
    expect(late!.rss).toBeLessThanOrEqual(early!.rss * RSS_RATIO);
    expect(mean(losses.slice(-EARLY))).toBeLessThan(mean(losses.slice(0, EARLY)));
    const afterTraining = memory().numTensors;

    net.eval();
    let correct = 0;
    const during: number[] = [];
    {
      using _ = noGradScope();
      for await (const [X, y] of testLoader) {
        const output = net.forward(X);
        expect(output.requiresGrad).toBe(false);
        correct += output.argmax(1).eq(y).sum().item() as number;
        during.push(memory().numTensors);
      }
    }
    const accuracy = correct / test.length;
    console.log(`evaluation inside for await: accuracy ${accuracy.toFixed(3)} on ${test.length} images`);
    expect(new Set(during).size).toBe(1);
    expect(memory().numTensors).toBe(afterTraining);
    expect(accuracy).toBeGreaterThan(0.6);
  });
});
