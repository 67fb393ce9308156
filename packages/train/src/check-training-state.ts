import { CheckpointError } from './checkpoint-error.js';
import type { TrainingState } from './checkpoint.js';

type Check = (value: unknown) => boolean;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const count: Check = (v) => Number.isSafeInteger(v) && (v as number) >= 0;
const finite: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const nonNegative: Check = (v) => finite(v) && (v as number) >= 0;
const fraction: Check = (v) => finite(v) && (v as number) >= 0 && (v as number) <= 1;
const nullOr =
  (check: Check): Check =>
  (v) =>
    v === null || check(v);
const fields =
  (shape: Record<string, Check>): Check =>
  (v) =>
    isObject(v) && Object.entries(shape).every(([k, check]) => check(v[k]));

// A loss is null where it was NaN or infinite (JSON has no such numbers): a run that went on
// past a non-finite loss (fit's nonFinite: 'continue') records it so.
const EPOCH_METRICS = fields({
  epoch: (v) => count(v) && (v as number) >= 1,
  trainLoss: nullOr(finite),
  trainAccuracy: fraction,
  testLoss: nullOr(finite),
  testAccuracy: nullOr(fraction),
  examplesPerSec: nonNegative,
  lr: finite,
  seconds: nonNegative,
});

const STATE: [keyof TrainingState, Check, string][] = [
  ['epoch', count, 'an integer >= 0'],
  ['batch', count, 'an integer >= 0'],
  ['rngState', (v) => Number.isInteger(v) && (v as number) >= -(2 ** 31) && (v as number) < 2 ** 31, 'an int32'],
  [
    'optimizer',
    (v) => isObject(v) && Array.isArray(v.paramGroups) && v.paramGroups.every(isObject) && isObject(v.scalars),
    '{ paramGroups: [...], scalars: {...} }',
  ],
  ['scheduler', (v) => v === null || isObject(v), 'null or a scheduler state'],
  [
    'history',
    (v) => Array.isArray(v) && v.every((m, i) => EPOCH_METRICS(m) && (m as { epoch: number }).epoch === i + 1),
    'the metrics of epochs 1, 2, ... (numbers, test metrics possibly null)',
  ],
  [
    'partial',
    nullOr(fields({ lossSum: nullOr(finite), correct: count, count, seconds: nonNegative })),
    'null or { lossSum, correct, count, seconds }',
  ],
  ['bestTestAccuracy', nullOr(fraction), 'null or a number in [0, 1]'],
  ['metadata', (v) => isObject(v) && Object.values(v).every((s) => typeof s === 'string'), 'an object of strings'],
];

/**
 * @internal Checks the training state parsed from a checkpoint's `strata.training` metadata,
 * field by field, so a damaged or hand-edited file is refused with the field named instead of
 * failing (or worse, silently misbehaving) somewhere in a resumed run.
 */
export function checkTrainingState(state: unknown, path: string): asserts state is TrainingState {
  const bad = (what: string): CheckpointError =>
    new CheckpointError(
      `loadCheckpoint: expected the training state in '${path}' to have ${what}; the checkpoint is damaged or was edited by hand, use another one.`,
    );
  if (!isObject(state)) throw bad('the form of an object');
  for (const [key, check, contract] of STATE) {
    if (!check(state[key])) throw bad(`${key} as ${contract}, got ${JSON.stringify(state[key])?.slice(0, 80)}`);
  }
  const { epoch, history } = state as unknown as TrainingState;
  if (history.length !== epoch) throw bad(`the metrics of its ${epoch} epochs, got ${history.length}`);
}
