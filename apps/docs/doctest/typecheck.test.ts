import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { expect, it } from 'vitest';
import { readCells } from './markdown-cells.js';
import { isBrowserScript, isNodeScript, pageModule } from './page-module.js';
import { GENERATED_DIR, guidePages, moduleName, REPO_ROOT } from './run-page.js';

/** The page line a line of a generated module came from, through the `// file:line` marker above its block. */
function pageLine(source: string, line: number): string {
  const lines = source.split('\n');
  for (let i = line; i >= 0; i--) {
    const marker = /^\/\/ (.+):(\d+)$/.exec(lines[i]!);
    if (marker) return `${relative(REPO_ROOT, marker[1]!)}:${Number(marker[2]) + (line - i)}`;
  }
  return `line ${line + 1}`;
}

it('every TypeScript block of every page type-checks (strict), as the page shows it', () => {
  mkdirSync(GENERATED_DIR, { recursive: true });
  const files: string[] = [];
  for (const page of guidePages()) {
    const cells = readCells(page);
    for (const [suffix, filter] of [
      ['check', isNodeScript],
      ['browser', isBrowserScript],
    ] as const) {
      const blocks = cells.filter(filter);
      if (blocks.length === 0) continue;
      const file = join(GENERATED_DIR, `${moduleName(page)}.${suffix}.ts`);
      writeFileSync(file, pageModule(blocks, { run: false, captureModule: '' }));
      files.push(file);
    }
  }
  const configPath = join(REPO_ROOT, 'apps/docs/tsconfig.json');
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, dirname(configPath));
  // A page may define what it only shows; everything else is the repository's strict settings.
  const program = ts.createProgram(files, { ...parsed.options, noEmit: true, noUnusedLocals: false });
  const problems = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file === undefined || files.includes(d.file.fileName))
    .map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      if (d.file === undefined || d.start === undefined) return text;
      const { line } = d.file.getLineAndCharacterOfPosition(d.start);
      return `${pageLine(readFileSync(d.file.fileName, 'utf8'), line)}: ${text}`;
    });
  expect(problems, problems.join('\n')).toEqual([]);
});
