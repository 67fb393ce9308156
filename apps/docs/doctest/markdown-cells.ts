import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** What a `<!-- doctest: ... -->` comment before a fence says about it. */
export interface Directives {
  /** `replace \`a\` with \`b\``: run the code with `a` replaced by `b` (each `a` must occur exactly once). */
  replacements: { from: string; to: string }[];
  /** `mask /regex/`: matches are replaced by `<masked>` in the expected and the printed output before comparing. */
  masks: RegExp[];
  /** `browser`: the code needs a browser (DOM, Web Workers); it is type-checked, not run in Node. */
  browser: boolean;
  /** `run` (shell blocks): executed by bash with `strata` on the PATH. */
  run: boolean;
  /** `recorded <file>` (shell blocks): every command is quoted from that file, which holds its recorded result. */
  recordedIn: string | null;
  /** `install` (shell blocks): every package the commands install is a published package of this repository. */
  install: boolean;
  /** `shown "reason"` (blocks in other languages): shown, not run, and the reason is printed. */
  shownReason: string | null;
}

/** A fenced block of a page, with its directives and the output block that follows it. */
export interface Cell {
  /** The fence's language (`ts`, `sh`, ...). */
  lang: string;
  code: string;
  /** 1-based line of the opening fence in `file`. */
  line: number;
  /** The page (or included file) the block is in. */
  file: string;
  directives: Directives;
  /** The ```text block directly after the code block: what it prints. */
  expected: { text: string; line: number } | null;
}

const FENCE = /^(`{3,})\s*([\w-]*)(.*)$/;
const DIRECTIVE = /^<!--\s*doctest:\s*(.*?)\s*-->$/;
const INCLUDE = /^<!--@include:\s*(.+?)\s*-->$/;

function emptyDirectives(): Directives {
  return {
    replacements: [],
    masks: [],
    browser: false,
    run: false,
    recordedIn: null,
    install: false,
    shownReason: null,
  };
}

/** Thrown for a directive the harness does not know or a malformed page: the page fails. */
export class DoctestSyntaxError extends Error {
  override name = 'DoctestSyntaxError';
}

function parseDirective(text: string, into: Directives, where: string): void {
  let m = /^replace `([^`]+)` with `([^`]*)`$/.exec(text);
  if (m) {
    into.replacements.push({ from: m[1]!, to: m[2]! });
    return;
  }
  m = /^mask \/(.+)\/([a-z]*)$/.exec(text);
  if (m) {
    into.masks.push(new RegExp(m[1]!, m[2]!.includes('g') ? m[2]! : `${m[2]}g`));
    return;
  }
  m = /^recorded (\S+)$/.exec(text);
  if (m) {
    into.recordedIn = m[1]!;
    return;
  }
  m = /^shown "(.+)"$/.exec(text);
  if (m) {
    into.shownReason = m[1]!;
    return;
  }
  if (text === 'browser') into.browser = true;
  else if (text === 'run') into.run = true;
  else if (text === 'install') into.install = true;
  else
    throw new DoctestSyntaxError(
      `${where}: unknown doctest directive '${text}'; expected one of: replace \`a\` with \`b\`, mask /re/, browser, run, recorded <file>, install, shown "reason".`,
    );
}

/** The page's lines with VitePress's `<!--@include: path-->` lines replaced by the included file's lines. */
function readLines(file: string): { text: string; file: string; line: number }[] {
  const out: { text: string; file: string; line: number }[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      const include = INCLUDE.exec(text.trim());
      if (include) out.push(...readLines(resolve(dirname(file), include[1]!)));
      else out.push({ text, file, line: i + 1 });
    });
  return out;
}

/**
 * The fenced blocks of a markdown page in order (includes resolved), each with the directives
 * written in the comments just above it and the ```text block that directly follows it, if any.
 *
 * @example
 * ```ts
 * const cells = readCells('apps/docs/chapters/lenet.md');
 * cells[0].lang; // 'ts'
 * ```
 */
export function readCells(file: string): Cell[] {
  const lines = readLines(file);
  const cells: Cell[] = [];
  let pending = emptyDirectives();
  let pendingSeen = false;
  let last: Cell | null = null;
  for (let i = 0; i < lines.length; i++) {
    const { text, file: where, line } = lines[i]!;
    const trimmed = text.trim();
    const directive = DIRECTIVE.exec(trimmed);
    if (directive) {
      parseDirective(directive[1]!, pending, `${where}:${line}`);
      pendingSeen = true;
      last = null;
      continue;
    }
    const fence = FENCE.exec(trimmed);
    if (!fence) {
      if (trimmed !== '') last = null;
      continue;
    }
    const [, ticks, lang] = fence;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && lines[j]!.text.trim() !== ticks) body.push(lines[j++]!.text);
    if (j === lines.length) throw new DoctestSyntaxError(`${where}:${line}: the fence opened here is never closed.`);
    const code = `${body.join('\n')}\n`;
    if (lang === 'text' && last !== null && !pendingSeen) {
      last.expected = { text: code, line };
      last = null;
    } else if (lang === 'text' && !pendingSeen) {
      last = null;
    } else {
      const cell: Cell = { lang: lang || 'plain', code, line, file: where, directives: pending, expected: null };
      cells.push(cell);
      last = cell;
    }
    pending = emptyDirectives();
    pendingSeen = false;
    i = j;
  }
  if (pendingSeen)
    throw new DoctestSyntaxError(`${file}: a doctest directive at the end of the page applies to no block.`);
  return cells;
}
