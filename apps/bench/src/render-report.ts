// Renders a recorded `pnpm bench` JSON report as markdown on stdout, without running anything:
//   tsx src/render-report.ts <report.json>
// The docs site builds its performance page from a committed report this way.
import { readFileSync } from 'node:fs';
import { renderMarkdown } from './markdown.js';
import type { BenchReport } from './report.js';

const [path] = process.argv.slice(2);
if (path === undefined) {
  console.error(
    'render-report: expected the path of a `pnpm bench` JSON report, got none; usage: render-report <file>',
  );
  process.exit(2);
}
const report = JSON.parse(readFileSync(path, 'utf8')) as BenchReport;
if (!Array.isArray(report.workloads) || report.machine === undefined) {
  console.error(`render-report: expected a \`pnpm bench\` JSON report in ${path}, got no workloads or machine`);
  process.exit(2);
}
process.stdout.write(renderMarkdown(report));
