import { defineProject } from 'vitest/config';
import { loaderWorkerFromSource, workspaceAliases } from '../../vitest.aliases.js';

export default defineProject({
  plugins: [loaderWorkerFromSource()],
  resolve: { alias: workspaceAliases() },
  test: {
    name: '@strata/docs',
    include: ['doctest/**/*.test.ts'],
    testTimeout: 300_000,
  },
});
