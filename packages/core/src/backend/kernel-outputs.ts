import { computeConv2dInfo } from '../shape-info/conv2d-info.js';
import { computePool2dInfo } from '../shape-info/pool2d-info.js';
import { sizeFromShape } from '../shape.js';
import type { KernelAttrs, KernelName, KernelOutputSpec, PerInput, TensorSpec } from './kernel-map.js';

type OutputRule<K extends KernelName> = (inputs: PerInput<K, TensorSpec>, attrs: KernelAttrs<K>) => KernelOutputSpec<K>;

const dropping = (shape: readonly number[], axes: readonly number[]) => shape.filter((_, d) => !axes.includes(d));

/**
 * @internal The shape and dtype of every kernel's output(s), from its inputs' and attributes: computed
 * once here, before the kernel runs, and handed to it, so no backend derives them again. Ops have
 * validated the inputs.
 */
export const KERNEL_OUTPUTS: { readonly [K in KernelName]: OutputRule<K> } = {
  Elementwise: (_, { expr, layout }) => ({ shape: layout.shape, dtype: expr.dtype }),
  Reduce: ({ x }, { op, axes }) => ({
    shape: dropping(x.shape, axes),
    dtype: op === 'any' || op === 'all' ? 'bool' : x.dtype,
  }),
  ArgReduce: ({ x }, { axis }) => ({ shape: dropping(x.shape, [axis]), dtype: 'int32' }),
  MatMul: ({ a, b }, { transposeA, transposeB }) => {
    const rank = a.shape.length;
    const m = a.shape[transposeA ? rank - 1 : rank - 2]!;
    const n = b.shape[transposeB ? rank - 2 : rank - 1]!;
    // A batch of one on either side is reused for every batch of the other.
    const batch = (sizeFromShape(a.shape.slice(0, -2)) === 1 ? b : a).shape.slice(0, -2);
    return { shape: [...batch, m, n], dtype: a.dtype };
  },
  Transpose: ({ x }, { perm }) => ({ shape: perm.map((p) => x.shape[p]!), dtype: x.dtype }),
  BroadcastTo: ({ x }, { shape }) => ({ shape, dtype: x.dtype }),
  Slice: ({ x }, { size }) => ({ shape: size, dtype: x.dtype }),
  SliceScatter: ({ x }, { shape }) => ({ shape, dtype: x.dtype }),
  Concat: ({ xs }, { axis }) => {
    const shape = [...xs[0]!.shape];
    shape[axis] = xs.reduce((total, x) => total + x.shape[axis]!, 0);
    return { shape, dtype: xs[0]!.dtype };
  },
  Pad: ({ x }, { paddings }) => ({
    shape: x.shape.map((size, d) => size + paddings[d]![0] + paddings[d]![1]),
    dtype: x.dtype,
  }),
  Gather: ({ x, indices }, { axis }) => ({
    shape: x.shape.map((size, d) => (d === axis ? indices.shape[0]! : size)),
    dtype: x.dtype,
  }),
  IndexScatter: ({ x }) => x,
  OneHot: ({ indices }, { depth, dtype }) => ({ shape: [...indices.shape, depth], dtype }),
  Random: (_, { shape, dtype }) => ({ shape, dtype }),
  Conv2d: ({ x, filter }, attrs) => ({
    shape: computeConv2dInfo(x.shape, filter.shape, attrs).outShape,
    dtype: x.dtype,
  }),
  Conv2dBackpropInput: ({ dy }, { inputShape }) => ({ shape: inputShape, dtype: dy.dtype }),
  Conv2dBackpropFilter: ({ x }, { filterShape }) => ({ shape: filterShape, dtype: x.dtype }),
  MaxPool2d: ({ x }, attrs) => {
    const { outShape } = computePool2dInfo(x.shape, attrs);
    return [
      { shape: outShape, dtype: x.dtype },
      { shape: outShape, dtype: 'int32' },
    ];
  },
  MaxPool2dGrad: ({ dy }, { inputShape }) => ({ shape: inputShape, dtype: dy.dtype }),
  AvgPool2d: ({ x }, attrs) => ({ shape: computePool2dInfo(x.shape, attrs).outShape, dtype: x.dtype }),
  AvgPool2dGrad: ({ dy }, { inputShape }) => ({ shape: inputShape, dtype: dy.dtype }),
  BatchNormTrain: ({ x }) => {
    const stats = { shape: [x.shape[1]!], dtype: x.dtype };
    return [x, stats, stats];
  },
  BatchNormTrainGrad: ({ x, weight }) => [x, weight, weight],
  ElementwiseInPlace: () => [],
  SoftmaxCrossEntropy: ({ logits }) => {
    const rows = { shape: [logits.shape[0]!], dtype: logits.dtype };
    return [rows, rows];
  },
  SoftmaxCrossEntropyGrad: ({ logits }) => logits,
};
