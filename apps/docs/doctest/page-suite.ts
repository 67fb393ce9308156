import { relative } from 'node:path';
import { expect, it } from 'vitest';
import { type Failure, guidePages, REPO_ROOT, runPage } from './run-page.js';

function report(failures: readonly Failure[]): string {
  return failures
    .map((f) => {
      const diff =
        f.expected === undefined && f.actual === undefined
          ? ''
          : `\n--- the page shows\n${f.expected ?? ''}\n--- the code printed\n${f.actual ?? ''}`;
      return `${f.where}: ${f.message}${diff}`;
    })
    .join('\n\n');
}

/**
 * One test per page under `dir` (relative to apps/docs): the page's blocks run as CONTRIBUTING.md
 * says, and the test fails with every difference between the page and what its code does.
 */
export function testPages(dir: string): void {
  const prefix = `apps/docs/${dir}/`;
  const pages = guidePages().filter((page) => {
    const rel = relative(REPO_ROOT, page);
    return rel.startsWith(prefix) && !rel.slice(prefix.length).includes('/');
  });
  it('finds pages', () => {
    expect(pages.length).toBeGreaterThan(0);
  });
  for (const page of pages) {
    it(relative(REPO_ROOT, page), async () => {
      const result = await runPage(page);
      for (const note of result.notes) console.info(note);
      expect(result.failures, report(result.failures)).toEqual([]);
    });
  }
}
