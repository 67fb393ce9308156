import '@strata/backend-cpu';
import { describe, expect, it, vi } from 'vitest';
import { batchNormLenet, lenet } from './lenet.js';
import { resnet18 } from './resnet.js';
import { summary } from './summary.js';

describe('summary', () => {
  it('counts parameters, multiply-adds and output memory per layer (LeNet, by hand)', () => {
    const s = summary(lenet(), [1, 1, 28, 28], { print: false });
    const conv1 = s.layers[0]!;
    expect(conv1).toMatchObject({
      name: '0',
      type: 'Conv2d',
      depth: 1,
      outputShape: [1, 6, 28, 28],
      params: 156,
      multAdds: 6 * 28 * 28 * 25,
      outputBytes: 6 * 28 * 28 * 4,
    });
    expect(s.layers.map((l) => l.params)).toEqual([156, 0, 0, 2416, 0, 0, 0, 48120, 0, 10164, 0, 850]);
    expect(s.totalMultAdds).toBe(117_600 + 240_000 + 48_000 + 10_080 + 840);
    expect(s.totalParams).toBe(61_706);
    expect(s.paramBytes).toBe(61_706 * 4);
  });

  it('prints the table with totals unless told not to', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const s = summary(lenet(), [2, 1, 28, 28]);
      expect(log).toHaveBeenCalledWith(s.toString());
      expect(s.toString()).toMatch(/^Layer \(type\)\s+Output shape\s+Params\s+Mult-adds\s+Output memory\n/);
      expect(s.toString()).toContain('Conv2d (0)');
      expect(s.toString()).toContain('Total params: 61,706 (241.04 KiB)');
      expect(s.toString()).toContain('Mult-adds: 833,040');
    } finally {
      log.mockRestore();
    }
  });

  it('goes into nested modules with depth', () => {
    const s = summary(resnet18({ ratio: 8 }), [1, 1, 64, 64], { depth: 2, print: false });
    const names = s.layers.map((l) => l.name);
    expect(names.slice(0, 6)).toEqual(['0', '0.0', '0.1', '0.2', '0.3', '1']);
    const stage = s.layers.find((l) => l.name === '2')!;
    const blocks = s.layers.filter((l) => l.name.startsWith('2.'));
    expect(blocks.map((l) => l.type)).toEqual(['Residual', 'Residual']);
    expect(stage.multAdds).toBe(blocks[0]!.multAdds + blocks[1]!.multAdds);
    expect(stage.params).toBe(blocks[0]!.params + blocks[1]!.params);
  });

  it('leaves the model as it was: training flags and running statistics', () => {
    const net = batchNormLenet();
    const before = net.stateDict();
    const snapshot = Object.fromEntries(Object.entries(before).map(([k, v]) => [k, Array.from(v.dataSync())]));
    summary(net, [4, 1, 28, 28], { print: false });
    expect(net.training).toBe(true);
    expect(net.modules().every((m) => m.training)).toBe(true);
    for (const [k, v] of Object.entries(net.stateDict())) expect(Array.from(v.dataSync()), k).toEqual(snapshot[k]);
    expect(Object.hasOwn(net.at(0), 'forward')).toBe(false);
  });

  it('rejects a bad depth or shape, and a model too small for its input', () => {
    expect(() => summary(lenet(), [1, 1, 28, 28], { depth: 0, print: false })).toThrow(
      /depth to be an integer >= 1, got 0/,
    );
    expect(() => summary(lenet(), [1, -1, 28, 28], { print: false })).toThrow();
    expect(() => summary(lenet(), [1, 1, 32, 32], { print: false })).toThrow(
      /linear: expected input with last dimension 400/,
    );
  });
});
