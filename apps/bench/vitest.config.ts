import { defineProject } from 'vitest/config';
import { workspaceAliases } from '../../vitest.aliases.js';

export default defineProject({
  resolve: { alias: workspaceAliases() },
  test: { name: '@strata/bench', include: ['src/**/*.test.ts'] },
});
