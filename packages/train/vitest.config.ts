import { defineProject } from 'vitest/config';
import { loaderWorkerFromSource, workspaceAliases } from '../../vitest.aliases.js';

export default defineProject({
  plugins: [loaderWorkerFromSource()],
  resolve: { alias: workspaceAliases() },
  test: { name: '@strata/train', include: ['src/**/*.test.ts'], testTimeout: 120_000 },
});
