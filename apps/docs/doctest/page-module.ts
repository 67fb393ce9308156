import { type Cell, DoctestSyntaxError } from './markdown-cells.js';

/** Languages whose blocks are TypeScript (JavaScript is checked and run as TypeScript). */
export const SCRIPT_LANGS = new Set(['ts', 'typescript', 'js', 'javascript']);

/** The cell's code with its `replace` directives applied; each must match exactly once. */
export function substitutedCode(cell: Cell): string {
  let code = cell.code;
  for (const { from, to } of cell.directives.replacements) {
    const count = code.split(from).length - 1;
    if (count !== 1)
      throw new DoctestSyntaxError(
        `${cell.file}:${cell.line}: replace \`${from}\` must match the block exactly once, matched ${count} times; update the directive to the code.`,
      );
    code = code.replace(from, () => to);
  }
  return code;
}

/**
 * One TypeScript module made of a page's script blocks in order, as a reader would paste them
 * into one file. With `run`, each block is preceded by `cell(k)` so that what it prints is
 * attributed to it, and its `replace` directives are applied.
 *
 * @example
 * ```ts
 * const source = pageModule(cells.filter(isNodeScript), { run: true, captureModule: './capture.js' });
 * ```
 */
export function pageModule(cells: readonly Cell[], options: { run: boolean; captureModule: string }): string {
  const parts = options.run ? [`import { cell as __doctestCell } from '${options.captureModule}';\n`] : [];
  cells.forEach((cell, k) => {
    parts.push(`// ${cell.file}:${cell.line}\n`);
    if (options.run) parts.push(`__doctestCell(${k});\n`);
    parts.push(options.run ? substitutedCode(cell) : cell.code);
    parts.push(';\n');
  });
  return `${parts.join('')}export {};\n`;
}

/** A script block run in Node. */
export function isNodeScript(cell: Cell): boolean {
  return SCRIPT_LANGS.has(cell.lang) && !cell.directives.browser && cell.directives.shownReason === null;
}

/** A script block that is type-checked and not run: browser code, or one shown for a reason (a config file). */
export function isBrowserScript(cell: Cell): boolean {
  return SCRIPT_LANGS.has(cell.lang) && (cell.directives.browser || cell.directives.shownReason !== null);
}
