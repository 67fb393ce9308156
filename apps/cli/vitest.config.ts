import { defineProject } from 'vitest/config';
import { workspaceAliases } from '../../vitest.aliases.js';

export default defineProject({
  resolve: { alias: workspaceAliases() },
  test: { name: '@strata/cli', include: ['src/**/*.test.ts'], testTimeout: 180_000 },
});
