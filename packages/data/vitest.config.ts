import { defineProject } from 'vitest/config';
import { loaderWorkerFromSource, workspaceAliases } from '../../vitest.aliases.js';

export default defineProject({
  plugins: [loaderWorkerFromSource()],
  resolve: { alias: workspaceAliases() },
  test: {
    name: '@strata/data',
    include: ['src/**/*.test.ts'],
    // Loader workers inherit these, so the modules they import resolve workspace packages to source.
    execArgv: ['--conditions=@strata/source'],
    // Loader tests start worker threads that compile the TypeScript sources with tsx; while
    // turbo runs every package's tests at once on two cores, one start-up can take seconds.
    testTimeout: 60_000,
  },
});
