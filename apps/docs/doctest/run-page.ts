import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { currentCell, startCapture, stopCapture } from './capture.js';
import { maskOutput } from './compare-output.js';
import { type Cell, readCells } from './markdown-cells.js';
import { isBrowserScript, isNodeScript, pageModule, SCRIPT_LANGS } from './page-module.js';
import { recordOutput, UPDATING, writeOutputs } from './update-outputs.js';

/** The repository root. */
export const REPO_ROOT = resolve(import.meta.dirname, '../../..');
/** Where page modules are written (git-ignored). */
export const GENERATED_DIR = resolve(import.meta.dirname, '.generated');
const CLI = join(REPO_ROOT, 'apps/cli/dist/main.js');
const SHELL_LANGS = new Set(['sh', 'bash', 'shell']);

/** One difference between a page and what its code does. */
export interface Failure {
  where: string;
  message: string;
  expected?: string;
  actual?: string;
}

/** What running one page found. */
export interface PageResult {
  failures: Failure[];
  /** Blocks that are shown and not executed, with the reason the page gives (printed by the test). */
  notes: string[];
  /** The page's script blocks that ran in Node. */
  ran: number;
}

const at = (cell: Cell): string => `${relative(REPO_ROOT, cell.file)}:${cell.line}`;

/** A file name for a page's generated modules, unique per page. */
export function moduleName(page: string): string {
  return relative(join(REPO_ROOT, 'apps/docs'), page).replace(/\.md$/, '').replace(/[\\/]/g, '--');
}

function compare(cell: Cell, printed: string, failures: Failure[]): void {
  if (UPDATING) {
    recordOutput(cell, printed);
    return;
  }
  const expected = maskOutput(cell.expected?.text ?? '', cell.directives.masks);
  const actual = maskOutput(printed, cell.directives.masks);
  if (expected === actual) return;
  failures.push({
    where: at(cell),
    message:
      cell.expected === null
        ? 'the block prints output but the page shows no ```text block after it'
        : `the output differs from the \`\`\`text block at line ${cell.expected.line}`,
    expected,
    actual,
  });
}

async function runScripts(page: string, cells: Cell[], failures: Failure[]): Promise<void> {
  if (cells.length === 0) return;
  mkdirSync(GENERATED_DIR, { recursive: true });
  const file = join(GENERATED_DIR, `${moduleName(page)}.run.ts`);
  let source: string;
  try {
    source = pageModule(cells, { run: true, captureModule: '../capture.js' });
  } catch (error) {
    failures.push({ where: relative(REPO_ROOT, page), message: (error as Error).message });
    return;
  }
  writeFileSync(file, source);
  const outputs = startCapture();
  let thrown: unknown = null;
  let stoppedAt = cells.length;
  try {
    await import(pathToFileURL(file).href);
  } catch (error) {
    thrown = error;
    stoppedAt = currentCell();
  } finally {
    stopCapture();
  }
  cells.forEach((cell, k) => {
    if (k < stoppedAt) compare(cell, outputs[k] ?? '', failures);
  });
  if (thrown !== null) {
    const cell = cells[stoppedAt];
    const error = thrown as Error;
    failures.push({
      where: cell === undefined ? relative(REPO_ROOT, page) : at(cell),
      message: `${cell === undefined ? 'the page failed before its first block ran (an import failed or it does not compile)' : 'the block threw'}: ${error.name}: ${error.message}`,
      actual: outputs[stoppedAt] ?? '',
    });
  }
}

function publishedPackages(): Set<string> {
  const names = new Set<string>();
  for (const group of ['packages', 'apps']) {
    for (const dir of readdirSync(join(REPO_ROOT, group))) {
      const manifest = join(REPO_ROOT, group, dir, 'package.json');
      if (!existsSync(manifest)) continue;
      const { name, private: isPrivate } = JSON.parse(readFileSync(manifest, 'utf8')) as {
        name: string;
        private?: boolean;
      };
      if (isPrivate !== true) names.add(name);
    }
  }
  return names;
}

const commandLines = (code: string): string[] =>
  code
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));

function checkShell(cell: Cell, failures: Failure[], notes: string[]): void {
  const { run, recordedIn, install } = cell.directives;
  const kinds = [run, recordedIn !== null, install].filter(Boolean).length;
  if (kinds !== 1) {
    failures.push({
      where: at(cell),
      message:
        'a shell block needs exactly one of <!-- doctest: run -->, <!-- doctest: recorded <file> --> or <!-- doctest: install -->',
    });
    return;
  }
  if (install) {
    const published = publishedPackages();
    for (const line of commandLines(cell.code)) {
      const m = /^(?:npm (?:install|i)|pnpm add|yarn add)\s+(.*)$/.exec(line);
      if (!m) {
        failures.push({
          where: at(cell),
          message: `'${line}' is not an install command (npm install, pnpm add, yarn add)`,
        });
        continue;
      }
      for (const arg of m[1]!.split(/\s+/).filter((a) => !a.startsWith('-'))) {
        const name = arg.replace(/(?<=.)@[^/]*$/, '');
        if (name.startsWith('@strata/') && !published.has(name))
          failures.push({ where: at(cell), message: `${name} is not a published package of this repository` });
      }
    }
    return;
  }
  if (recordedIn !== null) {
    const source = join(REPO_ROOT, recordedIn);
    const text = existsSync(source) ? readFileSync(source, 'utf8') : null;
    if (text === null) {
      failures.push({ where: at(cell), message: `recorded ${recordedIn}: no such file in the repository` });
      return;
    }
    for (const line of commandLines(cell.code)) {
      if (!text.includes(line))
        failures.push({
          where: at(cell),
          message: `'${line}' is not in ${recordedIn}; a recorded command and its result come from there`,
        });
    }
    notes.push(`${at(cell)}: shown with its recorded result from ${recordedIn}, not run`);
    return;
  }
  if (!existsSync(CLI)) {
    failures.push({
      where: at(cell),
      message: `the block runs strata, but ${relative(REPO_ROOT, CLI)} is missing; run pnpm build`,
    });
    return;
  }
  const bin = join(GENERATED_DIR, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'strata'), `#!/bin/sh\nexec node ${JSON.stringify(CLI)} "$@"\n`, { mode: 0o755 });
  let printed: string;
  try {
    printed = execFileSync('bash', ['-e', '-o', 'pipefail', '-c', cell.code], {
      cwd: GENERATED_DIR,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, NO_COLOR: '1' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    failures.push({ where: at(cell), message: `the command exited ${e.status}: ${e.stderr.trim()}`, actual: e.stdout });
    return;
  }
  compare(cell, printed, failures);
}

/**
 * Runs every block of a markdown page as its convention says (see CONTRIBUTING.md): the
 * TypeScript blocks as one module in Node, comparing what each prints with the ```text block
 * after it; shell blocks by their directive; anything else only with a `shown` reason.
 *
 * @example
 * ```ts
 * const { failures } = await runPage('apps/docs/chapters/lenet.md');
 * ```
 */
export async function runPage(page: string): Promise<PageResult> {
  const failures: Failure[] = [];
  const notes: string[] = [];
  let cells: Cell[];
  try {
    cells = readCells(page);
  } catch (error) {
    return { failures: [{ where: relative(REPO_ROOT, page), message: (error as Error).message }], notes, ran: 0 };
  }
  for (const cell of cells) {
    if (SCRIPT_LANGS.has(cell.lang)) {
      if (isBrowserScript(cell) && cell.expected !== null)
        failures.push({
          where: at(cell),
          message: 'a browser or shown block is type-checked, not run: it cannot show an output',
        });
      if (cell.directives.browser) notes.push(`${at(cell)}: browser code, type-checked by typecheck.test.ts`);
      else if (cell.directives.shownReason !== null)
        notes.push(`${at(cell)}: shown, type-checked, not run: ${cell.directives.shownReason}`);
    } else if (SHELL_LANGS.has(cell.lang)) checkShell(cell, failures, notes);
    else if (cell.directives.shownReason !== null)
      notes.push(`${at(cell)}: ${cell.lang} shown, not run: ${cell.directives.shownReason}`);
    else
      failures.push({
        where: at(cell),
        message: `a ${cell.lang} block is neither run nor explained; add <!-- doctest: shown "why it is not run" --> above it`,
      });
  }
  await runScripts(page, cells.filter(isNodeScript), failures);
  if (UPDATING) writeOutputs();
  return { failures, notes, ran: cells.filter(isNodeScript).length };
}

/** The browser blocks of a page, as one module for the type check. */
export function browserCells(page: string): Cell[] {
  return readCells(page).filter(isBrowserScript);
}

/** The pages the doc tests cover: every markdown page of the chapters (both locales) and the guides. */
export function guidePages(): string[] {
  const docs = join(REPO_ROOT, 'apps/docs');
  const pages: string[] = [];
  for (const dir of ['chapters', 'zh/chapters', 'guide']) {
    const full = join(docs, dir);
    if (!existsSync(full)) continue;
    for (const name of readdirSync(full).sort()) if (name.endsWith('.md')) pages.push(join(full, name));
  }
  return pages;
}
