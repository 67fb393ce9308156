import '@strata/backend-cpu';
import { manualSeed, noGrad, rand } from '@strata/core';
import { SGD } from '@strata/optim';
import { expect, it } from 'vitest';
import { ReLU } from '../layers/activations.js';
import { Linear } from '../layers/linear.js';
import { Sequential } from './containers.js';

it('a layer used twice is one set of parameters, updated once per step with the sum of both gradients', () => {
  manualSeed(0);
  const shared = new Linear(8, 8);
  const net = new Sequential(new Linear(4, 8), new ReLU(), shared, new ReLU(), shared, new ReLU(), new Linear(8, 1));
  const opt = new SGD(net.parameters(), { lr: 0.1 });
  expect(opt.paramGroups[0]!.params).toHaveLength(6);
  const before = shared.weight.clone();
  net
    .forward(rand([2, 4]))
    .sum()
    .backward();
  const grad = shared.weight.grad!.clone();
  opt.step();
  // One update with the accumulated gradient: w - lr * (g_first_use + g_second_use).
  const expected = noGrad(() => before.sub(grad.mul(0.1)));
  expect(Array.from(shared.weight.dataSync())).toEqual(Array.from(expected.dataSync()));
  expect((net.at(2) as Linear).weight).toBe((net.at(4) as Linear).weight);
});

it('stateDict keeps a key per name of a tied layer and loadStateDict fills both, as PyTorch', () => {
  manualSeed(0);
  const shared = new Linear(8, 8);
  const net = new Sequential(new Linear(4, 8), new ReLU(), shared, new ReLU(), shared, new ReLU(), new Linear(8, 1));
  const sd = net.stateDict();
  // torch: list(net.state_dict()) lists the shared layer under 2. and 4. (named_modules(remove_duplicate=False)).
  expect(Object.keys(sd)).toEqual([
    '0.weight',
    '0.bias',
    '2.weight',
    '2.bias',
    '4.weight',
    '4.bias',
    '6.weight',
    '6.bias',
  ]);
  expect(sd['4.weight']).toBe(sd['2.weight']);
  expect(net.namedParameters().map(([name]) => name)).toEqual([
    '0.weight',
    '0.bias',
    '2.weight',
    '2.bias',
    '6.weight',
    '6.bias',
  ]);

  const copy = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 8), new ReLU(), new Linear(8, 8));
  const { '6.weight': _w, '6.bias': _b, ...fiveLayers } = sd;
  expect(copy.loadStateDict(fiveLayers)).toEqual({ missingKeys: [], unexpectedKeys: [] });
  expect(Array.from((copy.at(4) as Linear).weight.dataSync())).toEqual(Array.from(shared.weight.dataSync()));

  const { '4.weight': _dropped, ...withoutSecondName } = sd;
  expect(() => net.loadStateDict(withoutSecondName)).toThrow(/missing keys: 4\.weight/);
});
