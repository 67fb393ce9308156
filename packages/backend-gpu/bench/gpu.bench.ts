import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { bundleForPage, launchChromium } from '../src/browser/chromium.js';
import '../src/index.js';
import type { BrowserBench } from './browser-page.js';
import { timeLenet } from './lenet-step.js';

// LeNet on the GPU backend: headless GL in this process (run it under xvfb-run -a), then
// strata-gpu and TensorFlow.js's WebGL backend side by side in headless Chromium (both on
// SwiftShader). Prints one JSON object.
const BATCH = 64;
const STEPS = Number(process.env.STRATA_BENCH_STEPS ?? 5);

async function inChromium(): Promise<BrowserBench> {
  const code = await bundleForPage(fileURLToPath(new URL('./browser-page.ts', import.meta.url)));
  const page = `<!doctype html><script type="module">${code.replaceAll('</script', '<\\/script')}</script>`;
  const server = createServer((_, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(page));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await launchChromium();
  try {
    const tab = await browser.newPage();
    await tab.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/?batch=${BATCH}&steps=${STEPS}`, {
      waitUntil: 'commit',
    });
    await tab.waitForFunction(() => 'benchResult' in globalThis, null, { timeout: 600_000 });
    return await tab.evaluate(() => (globalThis as unknown as { benchResult: Promise<BrowserBench> }).benchResult);
  } finally {
    await browser.close();
    server.close();
  }
}

const headlessGl = timeLenet(BATCH, STEPS);
const browser = await inChromium();
console.log(
  JSON.stringify(
    {
      model: 'lenetModern (d2l LeNet, ReLU + max pooling)',
      batch: BATCH,
      steps: STEPS,
      headlessGl,
      chromium: {
        strataGpu: browser.strataGpu,
        tfjsWebglTrainImagesPerSec: browser.tfjsWebglTrainImagesPerSec,
        strataOverTfjsTraining: browser.strataGpu.trainImagesPerSec / browser.tfjsWebglTrainImagesPerSec,
      },
    },
    null,
    2,
  ),
);
