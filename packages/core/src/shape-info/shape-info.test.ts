import { describe, expect, it } from 'vitest';
import { computeConv2dInfo, convOutputSize } from './conv2d-info.js';
import { avgPoolDivisor, computePool2dInfo, poolOutputSize } from './pool2d-info.js';

describe('convolution and pooling sizes', () => {
  it("reproduce the chapter's padding/stride table", () => {
    // (kernel, pad, stride) per dimension on an 8x8 input -> [8, 8], [8, 8], [4, 4], [2, 2]
    expect([convOutputSize(8, 3, 1, 1, 1, 1), convOutputSize(8, 3, 1, 1, 1, 1)]).toEqual([8, 8]);
    expect([convOutputSize(8, 5, 1, 1, 2, 2), convOutputSize(8, 3, 1, 1, 1, 1)]).toEqual([8, 8]);
    expect([convOutputSize(8, 3, 2, 1, 1, 1), convOutputSize(8, 3, 2, 1, 1, 1)]).toEqual([4, 4]);
    expect([convOutputSize(8, 3, 3, 1, 0, 0), convOutputSize(8, 5, 4, 1, 1, 1)]).toEqual([2, 2]);
  });

  it('count groups and dilation', () => {
    const info = computeConv2dInfo([2, 6, 9, 9], [4, 3, 3, 3], {
      strides: [2, 2],
      pad: [1, 1, 1, 1],
      dilations: [2, 2],
      groups: 2,
    });
    expect(info.outShape).toEqual([2, 4, 4, 4]);
    expect(info.inChannelsPerGroup).toBe(3);
    expect(info.outChannelsPerGroup).toBe(2);
  });

  it("apply PyTorch's ceilMode rule: the last window must start inside input or left padding", () => {
    expect(poolOutputSize(5, 2, 2, 0, 1, false)).toBe(2);
    expect(poolOutputSize(5, 2, 2, 0, 1, true)).toBe(3);
    // Without the rule this would be 4: the fourth window would start in the right padding.
    expect(poolOutputSize(5, 2, 2, 1, 1, true)).toBe(3);
  });

  it('divide average windows as PyTorch (clipped to input + padding, or to the input)', () => {
    const attrs = {
      kernelSize: [3, 3] as const,
      strides: [2, 2] as const,
      pad: [1, 1] as const,
      dilations: [1, 1] as const,
      ceilMode: true,
    };
    const info = computePool2dInfo([1, 1, 6, 6], attrs);
    expect(info.outShape).toEqual([1, 1, 4, 4]);
    const last = info.outHeight - 1;
    expect(avgPoolDivisor(info, { ...attrs, countIncludePad: true, divisorOverride: null }, last, last)).toBe(4);
    expect(avgPoolDivisor(info, { ...attrs, countIncludePad: true, divisorOverride: null }, 0, 0)).toBe(9);
    expect(avgPoolDivisor(info, { ...attrs, countIncludePad: false, divisorOverride: null }, 0, 0)).toBe(4);
    expect(avgPoolDivisor(info, { ...attrs, countIncludePad: false, divisorOverride: 7 }, 0, 0)).toBe(7);
  });
});
