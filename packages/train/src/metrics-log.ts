import { writeFileAtomic } from '@strata/nn';
import type { EpochMetrics } from './types.js';

const COLUMNS: readonly (keyof EpochMetrics)[] = [
  'epoch',
  'trainLoss',
  'trainAccuracy',
  'testLoss',
  'testAccuracy',
  'examplesPerSec',
  'lr',
  'seconds',
];

/**
 * One CSV cell: numbers as they are, empty for `null`; anything else (a history that did not
 * come from `fit`) as text that a spreadsheet cannot take for a formula (a leading `=`, `+`, `-`
 * or `@` is escaped with `'`), quoted when it holds a comma, quote or line break.
 */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(String(value)) ? `'${String(value)}` : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The history as CSV: a header of the {@link EpochMetrics} fields, one row per epoch, empty
 * cells for missing test metrics. Cells that are not numbers are escaped so that no spreadsheet
 * evaluates them.
 *
 * @example
 * ```ts
 * metricsCsv(result.history).split('\n')[0]; // 'epoch,trainLoss,trainAccuracy,testLoss,...'
 * ```
 */
export function metricsCsv(history: readonly EpochMetrics[]): string {
  const rows = history.map((m) => COLUMNS.map((c) => cell(m[c])).join(','));
  return `${[COLUMNS.join(','), ...rows].join('\n')}\n`;
}

/**
 * The history as JSON Lines: one {@link EpochMetrics} object per line.
 *
 * @example
 * ```ts
 * JSON.parse(metricsJsonl(result.history).split('\n')[0]!).trainLoss;
 * ```
 */
export function metricsJsonl(history: readonly EpochMetrics[]): string {
  return history.map((m) => `${JSON.stringify(m)}\n`).join('');
}

/**
 * Writes `metrics.jsonl` and `metrics.csv` into `dir`, each atomically and whole, so that after
 * a crash or a resume they hold exactly the completed epochs.
 *
 * @example
 * ```ts
 * await writeMetricsLogs('runs/a', result.history);
 * ```
 */
export async function writeMetricsLogs(dir: string, history: readonly EpochMetrics[]): Promise<void> {
  await writeFileAtomic(`${dir}/metrics.jsonl`, metricsJsonl(history), 'writeMetricsLogs');
  await writeFileAtomic(`${dir}/metrics.csv`, metricsCsv(history), 'writeMetricsLogs');
}
