import { readFileSync, writeFileSync } from 'node:fs';
import { normalizeOutput } from './compare-output.js';
import type { Cell } from './markdown-cells.js';

/** Set `DOCTEST_UPDATE=1` to write what the code printed into the pages instead of failing. */
export const UPDATING = process.env.DOCTEST_UPDATE === '1';

interface Edit {
  file: string;
  /** 0-based index of the first line replaced. */
  start: number;
  /** How many lines are replaced. */
  count: number;
  lines: string[];
}

const pending: Edit[] = [];

/**
 * Records that `cell` printed `printed`: the page's ```text block after the cell is replaced
 * (or one is inserted) when `writeOutputs()` runs. A cell that prints nothing loses its block.
 *
 * @example
 * ```ts
 * recordOutput(cell, 'tensor([1., 2.])\n');
 * writeOutputs();
 * ```
 */
export function recordOutput(cell: Cell, printed: string): void {
  const text = normalizeOutput(printed);
  const closingFence = cell.line + cell.code.split('\n').length - 1; // 0-based index of the code's closing fence
  const block = text === '' ? [] : ['', '```text', ...text.split('\n'), '```'];
  if (cell.expected === null) {
    pending.push({ file: cell.file, start: closingFence + 1, count: 0, lines: block });
    return;
  }
  const expectedLines = cell.expected.text.split('\n').length - 1;
  // From the line after the code's fence to the text block's closing fence.
  const end = cell.expected.line + expectedLines;
  pending.push({ file: cell.file, start: closingFence + 1, count: end - closingFence, lines: block });
}

/** Applies the recorded outputs to their files, last edit first so that line numbers hold. */
export function writeOutputs(): void {
  const files = new Set(pending.map((e) => e.file));
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n');
    const edits = pending.filter((e) => e.file === file).sort((a, b) => b.start - a.start);
    for (const edit of edits) lines.splice(edit.start, edit.count, ...edit.lines);
    writeFileSync(file, lines.join('\n'));
  }
  pending.length = 0;
}
