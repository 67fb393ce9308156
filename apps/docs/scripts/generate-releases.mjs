// One page per published package under reference/changelog/: its CHANGELOG.md once a release has
// written one, and before that the changes waiting in .changeset/ for its next release.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import matter from 'gray-matter';
import { DOCS_ROOT, REPO_ROOT } from './paths.mjs';

function pendingChanges(name) {
  const dir = join(REPO_ROOT, '.changeset');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.md') && file !== 'README.md')
    .sort()
    .map((file) => matter(readFileSync(join(dir, file), 'utf8')))
    .filter(({ data }) => name in data)
    .map(({ data, content }) => `- **${data[name]}**: ${content.trim().replace(/\s*\n\s*/g, ' ')}`);
}

function changelogPage(folder, order) {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'packages', folder, 'package.json'), 'utf8'));
  const changelog = join(REPO_ROOT, 'packages', folder, 'CHANGELOG.md');
  const front = `---\ntitle: ${JSON.stringify(`${pkg.name} changelog`)}\norder: ${order}\n---\n\n`;
  if (existsSync(changelog)) return front + readFileSync(changelog, 'utf8');
  const pending = pendingChanges(pkg.name);
  return `${front}# ${pkg.name} changelog

No release of ${pkg.name} has been versioned yet (version ${pkg.version}); \`pnpm version-packages\` writes
this package's CHANGELOG.md, and this page shows it from then on.

## Changes waiting for the next release

${pending.length > 0 ? pending.join('\n') : 'None.'}
`;
}

/** Writes reference/changelog/<folder>.md for every non-private package under packages/. */
export function generateReleases() {
  const out = join(DOCS_ROOT, 'reference', 'changelog');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const folders = readdirSync(join(REPO_ROOT, 'packages'))
    .sort()
    .filter((folder) => !JSON.parse(readFileSync(join(REPO_ROOT, 'packages', folder, 'package.json'), 'utf8')).private);
  folders.forEach((folder, k) => {
    writeFileSync(join(out, `${folder}.md`), changelogPage(folder, 100 + k));
  });
}
