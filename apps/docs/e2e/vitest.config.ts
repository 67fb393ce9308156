import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@strata/docs site',
    root: new URL('..', import.meta.url).pathname,
    include: ['e2e/**/*.test.ts'],
    // One browser, one preview server, checks in order: training on a loaded 2-core machine takes minutes.
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
