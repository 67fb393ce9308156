// A whole program, run in a child process by worker-failure.test.ts: one epoch with two workers
// whose transform throws on sample 13 (an error named by argv[2]); prints the error and exits 1.
import '@strata/backend-cpu';
import { DataLoader } from '../data-loader.js';
import { RawTestDataset } from './raw-test-dataset.js';
import { TestCompose, TestFailOn, TestToTensor } from './test-transforms.js';

const failing = new TestCompose([new TestFailOn((13 * 31) % 256, process.argv[2]), new TestToTensor()]);
const loader = new DataLoader(new RawTestDataset(37, { transform: failing }), {
  batchSize: 4,
  numWorkers: 2,
  workerImports: [new URL('./test-transforms.js', import.meta.url)],
});
try {
  for await (const [x, y] of loader) {
    x.dispose();
    y.dispose();
  }
  console.log('the epoch ended without an error');
} catch (error) {
  console.error(`${(error as Error).name}: ${(error as Error).message}`);
  process.exitCode = 1;
}
