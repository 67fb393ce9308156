import { ArgumentError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import type { HostTensor } from '../types.js';
import { scriptedRandom } from './__fixtures__/golden.js';
import { Lambda } from './lambda.js';

describe('Lambda', () => {
  it('applies its function with the sample generator', () => {
    const jitter = new Lambda((t: HostTensor, random) => {
      const d = random.next();
      return { ...t, data: t.data.map((v) => v + d) };
    });
    const t: HostTensor = { kind: 'host', data: Float32Array.of(1, 2), shape: [1, 1, 2] };
    expect(Array.from(jitter.apply(t, scriptedRandom(0.5)).data)).toEqual([1.5, 2.5]);
  });

  it('cannot be described for worker threads', () => {
    expect(() => new Lambda((x: number) => x).toSpec()).toThrow(
      new ArgumentError(
        'Lambda: expected a transform that can be described as JSON to send to worker threads, got a Lambda, whose function cannot leave this thread; run the DataLoader with numWorkers: 0, or build the pipeline from built-in transforms.',
      ),
    );
  });

  it('needs a function', () => {
    expect(() => new Lambda(42 as unknown as () => number)).toThrow(
      'Lambda: expected a function (input, random) => output, got 42.',
    );
  });
});
