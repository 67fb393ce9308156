import { fileURLToPath } from 'node:url';
import { setBackend } from '@strata/core';
import { FashionMNIST } from '@strata/data';
import { describe, expect, it } from 'vitest';
import { bundleForPage, withBlankPage } from './browser/chromium.js';
import { type LoopReport, pytorchStyleLoop, SampleImages } from './browser/pytorch-loop.js';
import './index.js';

// The chapters' loop with no tidy and no dispose, on the GPU backend: headless GL in Node and
// WebGL2 in headless Chromium run the same code (browser/pytorch-loop.ts). A LeNet step at
// batch 4 takes 0.1 to 0.4 s on llvmpipe and SwiftShader, so each run is short; the CPU package
// runs the same loop for 2,000 steps (packages/train/src/pytorch-style-loop.test.ts).
const OPTIONS = { steps: 100, early: 20, evalBatches: 3 };
const TRAIN_IMAGES = 600;
const TEST_IMAGES = 150;

function sample(train: boolean, count: number): SampleImages {
  const ds = new FashionMNIST({ train, embeddedSample: true });
  return new SampleImages(ds.data.subarray(0, count * 784), ds.targets.subarray(0, count));
}

/** Flat memory: no tensor, byte or GL texture more at the last step than at the early one. */
function expectFlat(report: LoopReport): void {
  const { early, late } = report;
  expect(late.step - early.step).toBe(OPTIONS.steps - OPTIONS.early);
  expect(late.tensors).toBe(early.tensors);
  expect(late.bytes).toBe(early.bytes);
  expect(late.texturesAllocated).toBe(early.texturesAllocated);
  expect(late.pooledBytes).toBeLessThanOrEqual(early.pooledBytes);
  expect(report.lastLosses).toBeLessThan(report.firstLosses);
  expect(report.evalRequiresGrad).toBe(false);
  expect(new Set(report.evalTensors).size).toBe(1);
  expect(report.afterEval).toBe(report.afterTraining);
  expect(report.evaluated).toBe(OPTIONS.evalBatches * 50);
}

function describeReport(where: string, r: LoopReport): string {
  return `${where}: ${r.late.step} steps, tensors ${r.early.tensors} -> ${r.late.tensors}, bytes ${r.early.bytes} -> ${r.late.bytes}, textures allocated ${r.early.texturesAllocated} -> ${r.late.texturesAllocated}, loss ${r.firstLosses.toFixed(3)} -> ${r.lastLosses.toFixed(3)}, eval ${r.correct}/${r.evaluated}`;
}

describe('a PyTorch-style loop over a DataLoader on the GPU backend', () => {
  it('keeps tensors, bytes and GL textures flat in Node (headless GL)', { timeout: 120_000 }, async () => {
    setBackend('gpu');
    const report = await pytorchStyleLoop(sample(true, TRAIN_IMAGES), sample(false, TEST_IMAGES), OPTIONS);
    console.log(describeReport('headless GL', report));
    expectFlat(report);
  });

  it('keeps tensors, bytes and WebGL textures flat in headless Chromium (WebGL2)', { timeout: 180_000 }, async () => {
    const page = fileURLToPath(new URL('./browser/pytorch-loop-page.ts', import.meta.url));
    const code = await bundleForPage(page);
    const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
    const [train, test] = [sample(true, TRAIN_IMAGES), sample(false, TEST_IMAGES)];
    const input = {
      train: { data: base64(train.data), targets: base64(train.targets) },
      test: { data: base64(test.data), targets: base64(test.targets) },
      options: OPTIONS,
    };
    await withBlankPage(async (tab, errors) => {
      await tab.evaluate((value) => {
        (globalThis as unknown as { loopInput: unknown }).loopInput = value;
      }, input);
      await tab.addScriptTag({ content: code, type: 'module' });
      // The loop never yields to the event loop (a main-thread DataLoader resolves its batches
      // through microtasks), so the page answers only once it is done: wait for the result in one
      // evaluation instead of polling.
      const result = await tab.evaluate(async () => {
        const scope = globalThis as unknown as { loopResult?: Promise<LoopReport | { error: string }> };
        while (scope.loopResult === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
        return scope.loopResult;
      });
      expect(errors).toEqual([]);
      if ('error' in result) throw new Error(`the page failed: ${result.error}`);
      console.log(describeReport('headless Chromium', result));
      expectFlat(result);
    });
  });
});
