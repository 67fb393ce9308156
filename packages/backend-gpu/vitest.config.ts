import { configDefaults, defineProject } from 'vitest/config';
import { enableCommand } from '../../scripts/system-packages.mjs';
import { loaderWorkerFromSource, chromiumProblem, skippedSuites, workspaceAliases } from '../../vitest.aliases.js';
import { gpuProblem } from './src/gpu-problem.js';

const name = '@strata/backend-gpu';
// Every suite but the index arithmetic and the browser one runs gpu.js on headless GL in Node.
const headlessGlSuites = [
  'src/batch-norm-train.test.ts',
  'src/conformance.test.ts',
  'src/fashion-mnist.test.ts',
  'src/large-batch.test.ts',
  'src/row-layout.test.ts',
  'src/texture-pool.test.ts',
  'src/training-step.test.ts',
  'src/kernels/*.test.ts',
  'src/programs/pack-rows.test.ts',
];

export default defineProject({
  plugins: [loaderWorkerFromSource()],
  resolve: { alias: workspaceAliases() },
  test: {
    name,
    include: ['src/**/*.test.ts'],
    exclude: [
      ...configDefaults.exclude,
      ...skippedSuites(name, headlessGlSuites, gpuProblem('headlessgl'), enableCommand(['glBuild', 'glRun'])),
      ...skippedSuites(name, ['src/browser-conformance.test.ts'], chromiumProblem(), enableCommand(['chromium'])),
    ],
  },
});
