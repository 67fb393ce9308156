// optim's public constructors and functions that take an options object, held to the options rule.
import '@strata/backend-cpu';
import { ones } from '@strata/core';
import { ArgumentError } from '@strata/core';
import { type OptionsCase, runOptionsContract } from '@strata/core/testing';
import { describe, expect, it } from 'vitest';
import { Adam } from './adam.js';
import { AdamW } from './adamw.js';
import { clipGradNorm_ } from './clip-grad-norm.js';
import { CosineAnnealingLR } from './cosine-annealing-lr.js';
import { LinearWarmup } from './linear-warmup.js';
import { MultiStepLR } from './multi-step-lr.js';
import { OneCycleLR } from './one-cycle-lr.js';
import { SGD } from './sgd.js';
import { StepLR } from './step-lr.js';

const param = () => ones([2], { requiresGrad: true });
const sgd = () => new SGD([param()], { lr: 0.1, momentum: 0.9 });
const row = (fn: string, call: (o: never) => unknown, misspelt: string, meant: string): OptionsCase => ({
  fn,
  call: (o) => call(o as never),
  misspelt,
  meant,
});

runOptionsContract([
  row('SGD', (o) => new SGD([param()], o), 'weight_decay', 'weightDecay'),
  row('Adam', (o) => new Adam([param()], o), 'beta', 'betas'),
  row('AdamW', (o) => new AdamW([param()], o), 'weight_decay', 'weightDecay'),
  row('zeroGrad', (o) => sgd().zeroGrad(o), 'set_to_none', 'setToNone'),
  row('clipGradNorm_', (o) => clipGradNorm_([param()], 1, o), 'norm_type', 'normType'),
  row('StepLR', (o) => new StepLR(sgd(), o), 'step_size', 'stepSize'),
  row('MultiStepLR', (o) => new MultiStepLR(sgd(), o), 'milestone', 'milestones'),
  row('CosineAnnealingLR', (o) => new CosineAnnealingLR(sgd(), o), 'T_max', 'tMax'),
  row('LinearWarmup', (o) => new LinearWarmup(sgd(), o), 'warmup_steps', 'warmupSteps'),
  row('OneCycleLR', (o) => new OneCycleLR(sgd(), o), 'max_lr', 'maxLr'),
]);

describe('param groups', () => {
  it('reject an unknown key, naming the optimizer and the group', () => {
    const opt = sgd();
    expect(() => opt.addParamGroup({ params: [param()], weight_decay: 1e-4 } as never)).toThrow(
      new ArgumentError('SGD param group 1: unknown option weight_decay; did you mean weightDecay?'),
    );
    expect(() => new Adam([{ params: [param()], lr: 0.1, amsgrad: true }])).not.toThrow();
  });
});
