import { Resvg } from '@resvg/resvg-js';
import type { EpochMetrics } from '@strata/train';

const W = 480;
const H = 320;
const M = { left: 48, right: 16, top: 16, bottom: 40 };
const SERIES = [
  { key: 'trainLoss', label: 'train loss', color: '#1f77b4', dash: '' },
  { key: 'trainAccuracy', label: 'train acc', color: '#d62728', dash: '6 4' },
  { key: 'testAccuracy', label: 'test acc', color: '#2ca02c', dash: '2 3' },
] as const;

const esc = (n: number): string => (Math.round(n * 100) / 100).toString();

/**
 * The learning curves that d2l's animator draws: train loss, train accuracy and test accuracy
 * against the epoch, as an SVG document.
 *
 * @example
 * ```ts
 * writeFileSync('curves.svg', learningCurvesSvg(result.history));
 * ```
 */
export function learningCurvesSvg(history: readonly EpochMetrics[]): string {
  const epochs = Math.max(1, history.length);
  const top = Math.max(1, ...history.map((m) => m.trainLoss).filter(Number.isFinite));
  const x = (epoch: number): number => M.left + ((epoch - 1) / Math.max(1, epochs - 1)) * (W - M.left - M.right);
  const y = (v: number): number => H - M.bottom - (v / top) * (H - M.top - M.bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<line x1="${M.left}" y1="${H - M.bottom}" x2="${W - M.right}" y2="${H - M.bottom}" stroke="black"/>`,
    `<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${H - M.bottom}" stroke="black"/>`,
    `<text x="${(W + M.left) / 2}" y="${H - 8}" text-anchor="middle">epoch</text>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const v = (top * i) / 4;
    parts.push(
      `<line x1="${M.left - 4}" y1="${esc(y(v))}" x2="${W - M.right}" y2="${esc(y(v))}" stroke="#ddd"/>`,
      `<text x="${M.left - 6}" y="${esc(y(v) + 4)}" text-anchor="end">${v.toFixed(2)}</text>`,
    );
  }
  const step = Math.max(1, Math.ceil(epochs / 10));
  for (let e = 1; e <= epochs; e += step)
    parts.push(`<text x="${esc(x(e))}" y="${H - M.bottom + 16}" text-anchor="middle">${e}</text>`);
  SERIES.forEach((s, i) => {
    const points = history
      .filter((m) => m[s.key] !== null)
      .map((m) => `${esc(x(m.epoch))},${esc(y(m[s.key] as number))}`);
    if (points.length > 0) {
      parts.push(
        `<polyline points="${points.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2" stroke-dasharray="${s.dash}"/>`,
      );
    }
    const ly = M.top + 8 + i * 16;
    parts.push(
      `<line x1="${W - M.right - 110}" y1="${ly}" x2="${W - M.right - 86}" y2="${ly}" stroke="${s.color}" stroke-width="2" stroke-dasharray="${s.dash}"/>`,
      `<text x="${W - M.right - 80}" y="${ly + 4}">${s.label}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/**
 * Renders an SVG document to PNG bytes (resvg, with the system's fonts).
 *
 * @example
 * ```ts
 * writeFileSync('curves.png', svgToPng(learningCurvesSvg(history)));
 * ```
 */
export function svgToPng(svg: string): Uint8Array {
  return new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, background: 'white' })
    .render()
    .asPng();
}
