import { defineProject } from 'vitest/config';
import { workspaceAliases } from '../../vitest.aliases.js';

export default defineProject({
  resolve: { alias: workspaceAliases() },
  test: { name: '@strata/train', include: ['src/**/*.test.ts'], testTimeout: 120_000 },
});
