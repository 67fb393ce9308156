import { ArgumentError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import type { HostTensor, RawImage } from '../types.js';
import { expectImage, type GoldenFile, type GoldenImage, toImage } from './__fixtures__/golden.js';
import toTensorJson from './__fixtures__/to-tensor.json' with { type: 'json' };
import { ToTensor } from './to-tensor.js';

// A float32 division by 255, as torchvision does: bit-exact.
const EXACT = 0;

interface ToTensorCase {
  name: string;
  input: string;
  output: GoldenImage;
}
const file = toTensorJson as unknown as GoldenFile<ToTensorCase>;

describe('ToTensor', () => {
  it.each(file.cases.map((c) => [c.name, c] as const))('matches torchvision: %s', (_name, c) => {
    expectImage(new ToTensor().apply(toImage(file.images[c.input]!) as RawImage), c.output, EXACT, c.name);
  });

  it('moves channels first and scales to [0, 1]', () => {
    const raw: RawImage = { kind: 'raw', data: Uint8Array.of(0, 255, 51, 102), height: 1, width: 2, channels: 2 };
    const t = new ToTensor().apply(raw);
    expect(t.shape).toEqual([2, 1, 2]);
    expect(Array.from(t.data)).toEqual([0, 51 / 255, 1, 102 / 255].map(Math.fround));
  });

  it('rejects a tensor, as torchvision does', () => {
    const t: HostTensor = { kind: 'host', data: new Float32Array(4), shape: [1, 2, 2] };
    expect(() => new ToTensor().apply(t as unknown as RawImage)).toThrow(
      new ArgumentError(
        'ToTensor: expected a RawImage (uint8, height x width x channels), got a HostTensor [1, 2, 2]; it is already a tensor, so drop ToTensor from the pipeline (or move it before the tensor transforms).',
      ),
    );
  });
});
