/** Trailing spaces and trailing blank lines are not part of an output. */
export function normalizeOutput(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n+$/, '');
}

/**
 * `text` normalised, with every match of the masks replaced by `<masked>`: the form in which a
 * printed output and the page's output block are compared.
 *
 * @example
 * ```ts
 * maskOutput('1,844.0 examples/sec\n', [/[\d,.]+ examples\/sec/g]); // '<masked>'
 * ```
 */
export function maskOutput(text: string, masks: readonly RegExp[]): string {
  let out = normalizeOutput(text);
  for (const mask of masks) out = out.replace(mask, '<masked>');
  return out;
}
