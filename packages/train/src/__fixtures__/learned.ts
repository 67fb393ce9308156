import type { EpochMetrics } from '../types.js';

/** The metrics of a history that do not depend on timing: what a resumed run must reproduce. */
export const learned = (h: readonly EpochMetrics[]) =>
  h.map(({ epoch, trainLoss, trainAccuracy, testLoss, testAccuracy, lr }) => ({
    epoch,
    trainLoss,
    trainAccuracy,
    testLoss,
    testAccuracy,
    lr,
  }));
