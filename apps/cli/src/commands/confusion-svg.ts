/**
 * A confusion matrix as an SVG heat map: rows are labels, columns predictions, each cell shaded
 * by its share of the row and labelled with its count.
 *
 * @example
 * ```ts
 * const svg = confusionSvg(result.confusion, FashionMNIST.classes);
 * ```
 */
export function confusionSvg(confusion: readonly (readonly number[])[], classes: readonly string[]): string {
  const n = confusion.length;
  const cell = 36;
  const left = 110;
  const top = 100;
  const size = left + n * cell + 10;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${top + n * cell + 30}" font-family="DejaVu Sans, sans-serif" font-size="10">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${left + (n * cell) / 2}" y="14" text-anchor="middle" font-size="12">predicted</text>`,
  ];
  confusion.forEach((row, i) => {
    const total = row.reduce((a, b) => a + b, 0) || 1;
    parts.push(
      `<text x="${left - 6}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end">${classes[i] ?? i}</text>`,
    );
    row.forEach((count, j) => {
      const share = count / total;
      const shade = Math.round(255 - share * 200);
      parts.push(
        `<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="rgb(${shade},${shade},255)" stroke="#ccc"/>`,
        `<text x="${left + j * cell + cell / 2}" y="${top + i * cell + cell / 2 + 4}" text-anchor="middle" fill="${share > 0.6 ? 'white' : 'black'}">${count}</text>`,
      );
    });
  });
  classes.slice(0, n).forEach((c, j) => {
    const x = left + j * cell + cell / 2;
    parts.push(`<text x="${x}" y="${top - 6}" transform="rotate(-45 ${x} ${top - 6})">${c}</text>`);
  });
  parts.push(
    `<text x="12" y="${top + (n * cell) / 2}" transform="rotate(-90 12 ${top + (n * cell) / 2})" text-anchor="middle" font-size="12">label</text>`,
    '</svg>',
  );
  return `${parts.join('\n')}\n`;
}
