import {
  ArgumentError,
  checkOptions,
  argmax,
  crossEntropy,
  formatShape,
  noGrad,
  type Tensor,
  tidy,
} from '@strata/core';
import type { Module } from '@strata/nn';
import type { EvalSource, LossFn } from './types.js';

/**
 * What {@link evaluate} measured over a whole loader.
 *
 * @example
 * ```ts
 * const { accuracy, confusion } = await evaluate(net, testLoader);
 * ```
 */
export interface EvaluationResult {
  /** Mean loss per example. */
  loss: number;
  /** Fraction of examples whose arg-max class is the label. */
  accuracy: number;
  /** Examples evaluated. */
  count: number;
  /** `confusion[label][predicted]`: how often each class was predicted for each label. */
  confusion: number[][];
  /** Per class, the fraction of its examples predicted correctly (`NaN` for an absent class). */
  perClassAccuracy: number[];
}

/**
 * Options of {@link evaluate}.
 *
 * @example
 * ```ts
 * const options: EvaluateOptions = { lossFn: (out, y) => crossEntropy(out, y) };
 * ```
 */
export interface EvaluateOptions {
  /** The loss; mean cross-entropy by default. */
  lossFn?: LossFn;
}

/**
 * A model that maps a batch of inputs to a batch of class scores, as every model of
 * `@strata/models` does.
 *
 * @example
 * ```ts
 * const net: Classifier = lenet();
 * ```
 */
export type Classifier = Module & {
  /** Maps a batch of inputs to a batch of class scores. */
  forward(x: Tensor): Tensor;
};

/**
 * Evaluates `model` on every batch of `loader` in evaluation mode without gradients (the
 * chapters' `evaluate_accuracy_gpu`): loss, accuracy, the confusion matrix and per-class
 * accuracy. The model's training flags are restored afterwards.
 *
 * @example
 * ```ts
 * const { loss, accuracy } = await evaluate(net, testLoader);
 * console.log(`test acc ${accuracy.toFixed(3)}`);
 * ```
 */
export async function evaluate(
  model: Classifier,
  loader: EvalSource,
  options: EvaluateOptions = {},
): Promise<EvaluationResult> {
  checkOptions('evaluate', options, ['lossFn']);
  const lossFn = options.lossFn ?? ((output, target) => crossEntropy(output, target));
  const modes = new Map(model.modules().map((m) => [m, m.training] as const));
  model.eval();
  let lossSum = 0;
  let count = 0;
  let correct = 0;
  let confusion: number[][] = [];
  try {
    for await (const [x, y] of loader) {
      try {
        const [batchLoss, predicted, labels] = noGrad(() =>
          tidy(() => {
            const output = model.forward(x);
            if (output.rank !== 2) {
              throw new ArgumentError(
                `evaluate: expected the model to output [batch, classes] scores, got shape ${formatShape(output.shape)}.`,
              );
            }
            const classes = output.shape[1]!;
            if (confusion.length === 0)
              confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
            const loss = lossFn(output, y).item() as number;
            return [loss, argmax(output, 1).dataSync(), y.dataSync()] as const;
          }),
        );
        const n = labels.length;
        lossSum += batchLoss * n;
        count += n;
        for (let i = 0; i < n; i++) {
          const label = labels[i]!;
          const guess = predicted[i]!;
          confusion[label]![guess]!++;
          if (label === guess) correct++;
        }
      } finally {
        x.dispose();
        y.dispose();
      }
    }
  } finally {
    for (const [m, mode] of modes) m.training = mode;
  }
  if (count === 0) throw new ArgumentError('evaluate: expected a loader with at least one example, got none.');
  const perClassAccuracy = confusion.map((row, label) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? Number.NaN : row[label]! / total;
  });
  return { loss: lossSum / count, accuracy: correct / count, count, confusion, perClassAccuracy };
}
