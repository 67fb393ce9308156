// The `prepack` guard of every published package (run in the package's directory): refuses to
// pack when dist/ is missing, older than src/, lacks a file that package.json points to, or
// still holds a branch that only works from the TypeScript source.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const problems = [];

function walk(dir, keep) {
  let out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out = out.concat(entry.name === '__fixtures__' ? [] : walk(path, keep));
    else if (keep(path)) out.push(path);
  }
  return out;
}

const targets = new Set();
const collect = (entry) => {
  if (typeof entry === 'string') targets.add(entry);
  else for (const [condition, target] of Object.entries(entry)) if (condition !== '@strata/source') collect(target);
};
for (const entry of Object.values(manifest.exports ?? {})) collect(entry);
for (const target of Object.values(manifest.bin ?? {})) targets.add(target);
const missing = [...targets].filter((target) => {
  try {
    return !statSync(target).isFile();
  } catch {
    return true;
  }
});
for (const target of missing) problems.push(`${target} (named in package.json) does not exist`);

if (missing.length === 0) {
  const built = Math.min(...[...targets].map((target) => statSync(target).mtimeMs));
  const sources = walk('src', (path) => path.endsWith('.ts') && !path.endsWith('.test.ts'));
  const newer = sources.filter((path) => statSync(path).mtimeMs > built);
  if (newer.length > 0)
    problems.push(
      `src/ changed after the last build (${newer.slice(0, 3).join(', ')}${newer.length > 3 ? ', ...' : ''})`,
    );
  for (const path of walk('dist', (p) => p.endsWith('.js'))) {
    const text = readFileSync(path, 'utf8');
    if (/['"]tsx(\/[\w/]*)?['"]|\.ts['"`]\s*,\s*import\.meta\.url/.test(text)) {
      problems.push(`${path} refers to tsx or to a .ts module next to it, which exists only in the source`);
    }
  }
}

if (problems.length > 0) {
  console.error(
    `${manifest.name}: refusing to pack: ${problems.join('; ')}. Run \`pnpm build\` at the repository root first.`,
  );
  process.exit(1);
}
