// Writes @strata/core's package.json version into packages/core/src/version.ts (VERSION), which
// the check for a second copy of core reports; run after `changeset version`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './packages.mjs';

const core = join(root, 'packages', 'core');
const { version } = JSON.parse(readFileSync(join(core, 'package.json'), 'utf8'));
const file = join(core, 'src', 'version.ts');
writeFileSync(file, readFileSync(file, 'utf8').replace(/export const VERSION = '[^']*';/, `export const VERSION = '${version}';`));
console.log(`@strata/core VERSION = '${version}'`);
