import { defineProject } from 'vitest/config';
import { workspaceAliases } from '../../vitest.aliases.js';

export default defineProject({
  resolve: { alias: workspaceAliases() },
  test: {
    name: '@strata/data',
    include: ['src/**/*.test.ts'],
    // Loader tests start worker threads that compile the TypeScript sources with tsx; while
    // turbo runs every package's tests at once on two cores, one start-up can take seconds.
    testTimeout: 60_000,
  },
});
