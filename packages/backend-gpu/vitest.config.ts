import { defineProject } from 'vitest/config';
import { workspaceAliases } from '../../vitest.aliases.js';

export default defineProject({
  resolve: { alias: workspaceAliases() },
  test: { name: '@strata/backend-gpu', include: ['src/**/*.test.ts'] },
});
