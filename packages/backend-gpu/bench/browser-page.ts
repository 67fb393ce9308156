import '../src/index.js';
import { timeLenet } from './lenet-step.js';
import { timeTfjsLenet } from './tfjs-lenet.js';

/** What the page reports: both backends on the same model, batch and browser. */
export interface BrowserBench {
  strataGpu: ReturnType<typeof timeLenet>;
  tfjsWebglTrainImagesPerSec: number;
}

const params = new URLSearchParams(location.search);
const batch = Number(params.get('batch'));
const steps = Number(params.get('steps'));
(globalThis as unknown as { benchResult: Promise<BrowserBench> }).benchResult = (async () => ({
  strataGpu: timeLenet(batch, steps),
  tfjsWebglTrainImagesPerSec: await timeTfjsLenet(batch, steps),
}))();
