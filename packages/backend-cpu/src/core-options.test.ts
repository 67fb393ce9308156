// Core's public functions that take an options object, held to the options rule on this backend.
import {
  add,
  arange,
  avgPool2d,
  batchNorm,
  conv2d,
  crossEntropy,
  elementwise,
  eye,
  full,
  fullLike,
  indexPut,
  linspace,
  maxPool2d,
  mseLoss,
  ones,
  onesLike,
  pad,
  rand,
  randint,
  randintLike,
  randLike,
  randn,
  randnLike,
  registerBackend,
  scoped,
  std,
  sub,
  tensor,
  variance,
  zeros,
  zerosLike,
} from '@strata/core';
import { gradcheck, type OptionsCase, runOptionsContract } from '@strata/core/testing';
import { CpuBackend } from './cpu-backend.js';
import { registerCpuKernels } from './register-kernels.js';
import './index.js';

const x = () => rand([1, 1, 4, 4]);
const creation = (fn: string, call: (o: never) => unknown): OptionsCase => ({
  fn,
  call: (o) => call(o as never),
  misspelt: 'requires_grad',
  meant: 'requiresGrad',
});

runOptionsContract([
  creation('tensor', (o) => tensor([1, 2], o)),
  creation('full', (o) => full([2], 3, o)),
  creation('zeros', (o) => zeros([2], o)),
  creation('ones', (o) => ones([2], o)),
  creation('fullLike', (o) => fullLike(zeros([2]), 3, o)),
  creation('zerosLike', (o) => zerosLike(zeros([2]), o)),
  creation('onesLike', (o) => onesLike(zeros([2]), o)),
  creation('arange', (o) => arange(0, 4, 1, o)),
  creation('linspace', (o) => linspace(0, 1, 5, o)),
  creation('eye', (o) => eye(2, 2, o)),
  creation('rand', (o) => rand([2], o)),
  creation('randn', (o) => randn([2], o)),
  creation('randint', (o) => randint(0, 4, [2], o)),
  creation('randLike', (o) => randLike(zeros([2]), o)),
  creation('randnLike', (o) => randnLike(zeros([2]), o)),
  creation('randintLike', (o) => randintLike(zeros([2]), 0, 4, o)),
  { fn: 'add', call: (o) => add(ones([2]), ones([2]), o as never), misspelt: 'alpah', meant: 'alpha' },
  {
    fn: 'elementwise',
    call: (o) => elementwise([ones([2])], (v) => v.neg(), o as never),
    misspelt: 'nmae',
    meant: 'name',
  },
  { fn: 'sub', call: (o) => sub(ones([2]), ones([2]), o as never), misspelt: 'Alpha', meant: 'alpha' },
  { fn: 'maxPool2d', call: (o) => maxPool2d(x(), 2, o as never), misspelt: 'ceil_mode', meant: 'ceilMode' },
  {
    fn: 'avgPool2d',
    call: (o) => avgPool2d(x(), 2, o as never),
    misspelt: 'count_include_pad',
    meant: 'countIncludePad',
  },
  { fn: 'mseLoss', call: (o) => mseLoss(ones([2]), zeros([2]), o as never), misspelt: 'reduce', meant: 'reduction' },
  { fn: 'pad', call: (o) => pad(ones([2, 2]), [1, 1], o as never), misspelt: 'mod', meant: 'mode' },
  { fn: 'variance', call: (o) => variance(ones([3]), 0, o as never), misspelt: 'keep_dim', meant: 'keepdim' },
  { fn: 'std', call: (o) => std(ones([3]), 0, o as never), misspelt: 'correctoin', meant: 'correction' },
  {
    fn: 'conv2d',
    call: (o) => conv2d(x(), rand([1, 1, 2, 2]), null, o as never),
    misspelt: 'padding_mode',
    meant: 'paddingMode',
  },
  {
    fn: 'indexPut',
    call: (o) => indexPut(zeros([3]), 0, 1, o as never),
    misspelt: 'accumulated',
    meant: 'accumulate',
  },
  {
    fn: 'crossEntropy',
    call: (o) => crossEntropy(rand([2, 3]), tensor([0, 2], { dtype: 'int32' }), o as never),
    misspelt: 'label_smoothing',
    meant: 'labelSmoothing',
  },
  {
    fn: 'batchNorm',
    call: (o) => batchNorm(rand([2, 3]), zeros([3]), ones([3]), null, null, o as never),
    misspelt: 'EPS',
    meant: 'eps',
  },
  { fn: 'scoped', call: (o) => [...scoped([1, 2], o as never)], misspelt: 'nmae', meant: 'name' },
  {
    fn: 'registerBackend',
    call: (o) => registerBackend('cpu-options-test', () => new CpuBackend('cpu-options-test'), o as never),
    misspelt: 'prio',
    meant: 'priority',
  },
  {
    fn: 'backward',
    call: (o) =>
      rand([2], { requiresGrad: true })
        .sum()
        .backward(undefined, o as never),
    misspelt: 'retain_graph',
    meant: 'retainGraph',
  },
  {
    fn: 'gradcheck',
    call: (o) => gradcheck((a) => a.mul(a), [randn([2], { dtype: 'float64' })], o as never),
    misspelt: 'a_tol',
    meant: 'atol',
  },
  {
    fn: 'CpuBackend',
    call: (o) => new CpuBackend('cpu-options', o as never),
    misspelt: 'pool_bytes',
    meant: 'poolBytes',
  },
  {
    fn: 'registerCpuKernels',
    call: (o) => registerCpuKernels('cpu-options', o as never),
    misspelt: 'fuse',
    meant: 'fused',
  },
]);
