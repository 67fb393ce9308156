import { setBackend } from '@strata/core';
import '../index.js';
import { type LoopReport, pytorchStyleLoop, SampleImages } from './pytorch-loop.js';

// Bundled for headless Chromium by pytorch-style-loop.test.ts, which leaves the sample's bytes on
// `globalThis.loopInput` (base64) before adding this script; the outcome goes to `loopResult`.

interface LoopInput {
  readonly train: { data: string; targets: string };
  readonly test: { data: string; targets: string };
  readonly options: { steps: number; early: number; evalBatches: number };
}

const bytes = (base64: string): Uint8Array => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

async function run(): Promise<LoopReport> {
  const input = (globalThis as unknown as { loopInput: LoopInput }).loopInput;
  setBackend('gpu');
  const train = new SampleImages(bytes(input.train.data), bytes(input.train.targets));
  const test = new SampleImages(bytes(input.test.data), bytes(input.test.targets));
  return pytorchStyleLoop(train, test, input.options);
}

(globalThis as unknown as { loopResult: Promise<LoopReport | { error: string }> }).loopResult = run().catch(
  (error: unknown) => ({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
);
