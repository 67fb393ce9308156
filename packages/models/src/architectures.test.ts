import '@strata/backend-cpu';
import { describe, expect, it } from 'vitest';
import architectures from './__fixtures__/architectures.json' with { type: 'json' };
import { createModel } from './registry.js';
import { summary } from './summary.js';

// Names in the PyTorch script (scripts/make-fixtures.py) -> names in createModel.
const NAMES: Record<string, string> = {
  lenet: 'lenet',
  lenetModern: 'lenet-modern',
  batchNormLenet: 'bn-lenet',
  alexnet: 'alexnet',
  vgg: 'vgg11',
  nin: 'nin',
  googlenet: 'googlenet',
  resnet18: 'resnet18',
  resnet34: 'resnet34',
  densenet: 'densenet',
};

describe("every model is PyTorch's, layer for layer", () => {
  it.each(architectures.map((a) => [`${a.model} ${JSON.stringify(a.options)} at ${a.inputShape[2]}`, a] as const))(
    '%s',
    (_, arch) => {
      const model = createModel(NAMES[arch.model]!, { ...arch.options, inputSize: arch.inputShape[2] });
      const stateDict = model.stateDict();
      expect(Object.entries(stateDict).map(([k, v]) => [k, [...v.shape]])).toEqual(arch.stateDict);
      const s = summary(model, arch.inputShape, { print: false });
      expect(s.layers.map((l) => [l.type, l.outputShape])).toEqual(arch.layers);
      expect(s.totalParams).toBe(arch.params);
      expect(s.trainableParams).toBe(arch.params);
    },
  );
});
