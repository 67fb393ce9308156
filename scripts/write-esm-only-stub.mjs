// Writes dist/esm-only.cjs and its types into the package it runs in (the `require` target of its
// exports):
// Node versions that cannot require() an ES module resolve `require('@strata/x')` to this file,
// which says so instead of failing with "No exports main defined". Node ^20.19 and >= 22.12
// match the `module-sync` condition first and load the package itself.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const { name } = JSON.parse(readFileSync('package.json', 'utf8'));
mkdirSync('dist', { recursive: true });
writeFileSync(
  'dist/esm-only.cjs',
  `'use strict';\n` +
    `const error = new Error(\n` +
    `  ${JSON.stringify(`${name}: expected import (it is an ES module package), got require() on a Node without require() of ES modules (Node `)} +\n` +
    `    process.version +\n` +
    `    ${JSON.stringify(`); use import or await import('${name}'), or Node ^20.19 or >= 22.12, where require() loads it.`)},\n` +
    `);\n` +
    `error.code = 'ERR_REQUIRE_ESM';\n` +
    `throw error;\n`,
);
// Types for that branch, so TypeScript does not pair the ES module's declarations with it.
writeFileSync(
  'dist/esm-only.d.cts',
  '// require() resolves here only where Node cannot require ES modules: it throws.\nexport {};\n',
);
