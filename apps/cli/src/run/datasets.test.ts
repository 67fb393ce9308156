import type { Compose } from '@strata/data';
import { describe, expect, it } from 'vitest';
import { imageTransform } from './datasets.js';
import { checkConfig } from './train-config.js';

/** The transform names of `imageTransform`, and the crop's padding when there is one. */
function steps(config: Parameters<typeof checkConfig>[0], training: boolean): unknown[] {
  const spec = (imageTransform(checkConfig(config), training) as Compose<unknown, unknown>).toSpec();
  const transforms = spec.options.transforms as { name: string; options: { padding?: unknown } }[];
  return transforms.map((t) => (t.name === 'RandomCrop' ? `RandomCrop(padding ${String(t.options.padding)})` : t.name));
}

describe('imageTransform', () => {
  it('augments training images only, with the configured crop padding', () => {
    expect(steps({ augment: true, model: 'resnet18', resize: 32 }, true)).toEqual([
      'RandomCrop(padding 4)',
      'RandomHorizontalFlip',
      'Resize',
      'ToTensor',
    ]);
    expect(steps({ augment: true, cropPadding: 2 }, true)).toEqual([
      'RandomCrop(padding 2)',
      'RandomHorizontalFlip',
      'ToTensor',
    ]);
    expect(steps({ augment: true, cropPadding: 0 }, true)).toEqual(['RandomHorizontalFlip', 'ToTensor']);
    expect(steps({ augment: true }, false)).toEqual(['ToTensor']);
    expect(steps({}, true)).toEqual(['ToTensor']);
  });
});
