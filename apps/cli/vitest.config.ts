import { configDefaults, defineProject } from 'vitest/config';
import { gpuProblem } from '../../packages/backend-gpu/src/gpu-problem.js';
import { enableCommand } from '../../scripts/system-packages.mjs';
import { loaderWorkerFromSource, skippedSuites, workspaceAliases } from '../../vitest.aliases.js';

const name = '@strata/cli';

export default defineProject({
  plugins: [loaderWorkerFromSource()],
  resolve: { alias: workspaceAliases() },
  test: {
    name,
    include: ['src/**/*.test.ts'],
    exclude: [
      ...configDefaults.exclude,
      ...skippedSuites(name, ['src/gpu.e2e.test.ts'], gpuProblem('headlessgl'), enableCommand(['glBuild', 'glRun'])),
    ],
    testTimeout: 180_000,
  },
});
