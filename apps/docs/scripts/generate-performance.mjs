// The performance page, from the `pnpm bench` report recorded in performance/bench.json (its
// machine, load and commit inside): rendered by the bench's own markdown renderer, so the page
// holds the figures of one run and nothing typed by hand. The bench takes many minutes and wants an
// idle machine, so the docs build renders the recorded run rather than running it; record a new
// one with `pnpm --silent --filter @strata/bench run bench > apps/docs/performance/bench.json`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCS_ROOT, REPO_ROOT } from './paths.mjs';

const { repository } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
const REPOSITORY = repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
const INTRO = `How fast strata's CPU backend runs next to TensorFlow.js and PyTorch, from one recorded
\`pnpm bench\` run; the raw report is [performance/bench.json](${REPOSITORY}/blob/main/apps/docs/performance/bench.json).
Figures from a shared machine move from run to run: compare the ratios measured in the same run.
`;

/** Writes reference/performance.md from performance/bench.json. */
export function generatePerformance() {
  const report = join(DOCS_ROOT, 'performance', 'bench.json');
  const markdown = execFileSync('pnpm', ['--silent', '--filter', '@strata/bench', 'run', 'render-report', report], {
    encoding: 'utf8',
  });
  const body = markdown.replace(/^# Benchmarks\n/, `# Performance\n\n${INTRO}`);
  mkdirSync(join(DOCS_ROOT, 'reference'), { recursive: true });
  writeFileSync(join(DOCS_ROOT, 'reference', 'performance.md'), `---\ntitle: Performance\norder: 10\n---\n\n${body}`);
}
