import '@strata/backend-cpu';
import { crossEntropy, tensor } from '@strata/core';
import { DataLoader, type Dataset, type HostTensor } from '@strata/data';
import { Flatten, Sequential } from '@strata/nn';
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';

/** Samples whose image is the score vector itself, so a Flatten model outputs it. */
class Scores implements Dataset<[HostTensor, number]> {
  constructor(readonly rows: [scores: number[], label: number][]) {}
  get length(): number {
    return this.rows.length;
  }
  get(index: number): [HostTensor, number] {
    const [scores, label] = this.rows[index]!;
    return [{ kind: 'host', data: Float32Array.from(scores), shape: [1, 1, scores.length] }, label];
  }
}

describe('evaluate', () => {
  const rows: [number[], number][] = [
    [[3, 0, 0], 0],
    [[0, 2, 0], 0],
    [[0, 5, 1], 1],
    [[0, 0, 4], 2],
    [[1, 0, 0], 2],
  ];

  it('computes loss, accuracy, the confusion matrix and per-class accuracy', async () => {
    const model = new Sequential(new Flatten());
    model.train();
    const result = await evaluate(model, new DataLoader(new Scores(rows), { batchSize: 2 }));
    expect(result.count).toBe(5);
    expect(result.accuracy).toBe(3 / 5);
    expect(result.confusion).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 1],
    ]);
    expect(result.perClassAccuracy).toEqual([0.5, 1, 0.5]);
    const logits = tensor(rows.map(([s]) => s));
    const expected = crossEntropy(
      logits,
      tensor(
        rows.map(([, l]) => l),
        { dtype: 'int32' },
      ),
    ).item() as number;
    expect(result.loss).toBeCloseTo(expected, 6);
    expect(model.training).toBe(true);
  });

  it('marks a class with no examples as NaN and rejects an empty loader', async () => {
    const model = new Sequential(new Flatten());
    const result = await evaluate(model, new DataLoader(new Scores(rows.slice(0, 3)), { batchSize: 8 }));
    expect(result.perClassAccuracy[2]).toBeNaN();
    await expect(evaluate(model, new DataLoader(new Scores([]), { batchSize: 8 }))).rejects.toThrow(
      'evaluate: expected a loader with at least one example, got none.',
    );
  });
});
