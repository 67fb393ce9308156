import { describe, expect, it } from 'vitest';
import { resnetParameterCount } from './resnet.js';

describe('resnetParameterCount', () => {
  it("equals the parameter count of scripts/torch_bench.py's ResNet-18 at 1/4 width", () => {
    // sum(p.numel() for p in resnet18(4).parameters()) in PyTorch 2.13, as torch_bench.py prints it.
    expect(resnetParameterCount()).toBe(702_570);
  });
});
