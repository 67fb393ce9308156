import type { DType } from '../dtype.js';
import type { Expr } from '../elementwise/expr.js';
import type { ElementwiseLayout } from '../elementwise/layout.js';
import type { Shape } from '../shape.js';
import type { Backend, TensorInfo } from './backend.js';

/**
 * Reductions of the `Reduce` kernel.
 *
 * @example
 * ```ts
 * const op: ReduceOp = 'sum';
 * ```
 */
export type ReduceOp = 'sum' | 'max' | 'min' | 'any' | 'all';

/**
 * How `Pad` fills the border, as `torch.nn.functional.pad` modes.
 *
 * @example
 * ```ts
 * const mode: PadMode = 'reflect';
 * ```
 */
export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

/**
 * Shared attributes of the three convolution kernels (zero padding already explicit).
 *
 * @example
 * ```ts
 * const attrs: Conv2dAttrs = { strides: [1, 1], pad: [1, 1, 1, 1], dilations: [1, 1], groups: 1 };
 * ```
 */
export interface Conv2dAttrs {
  readonly strides: readonly [number, number];
  /** `[top, bottom, left, right]` zero padding. */
  readonly pad: readonly [number, number, number, number];
  readonly dilations: readonly [number, number];
  readonly groups: number;
}

/**
 * Shared attributes of the pooling kernels.
 *
 * @example
 * ```ts
 * const attrs: Pool2dAttrs = { kernelSize: [2, 2], strides: [2, 2], pad: [0, 0], ceilMode: false };
 * ```
 */
export interface Pool2dAttrs {
  readonly kernelSize: readonly [number, number];
  readonly strides: readonly [number, number];
  /** Symmetric padding `[padH, padW]`; padded cells never win a max and count per `countIncludePad`. */
  readonly pad: readonly [number, number];
  readonly ceilMode: boolean;
}

/**
 * Attributes of max pooling: windows may be dilated.
 *
 * @example
 * ```ts
 * const attrs: MaxPool2dAttrs = { ...poolAttrs, dilations: [1, 1] };
 * ```
 */
export interface MaxPool2dAttrs extends Pool2dAttrs {
  readonly dilations: readonly [number, number];
}

/**
 * The attributes of the `Elementwise` kernel: what to compute (`expr`, whose `input(i)` leaves
 * read `xs[i]`), how the inputs are read (`layout`, with the output shape), the name autograd
 * and errors show, and, for ops whose gradient is not the one the primitives' rules derive, the
 * gradient of each input (`vjp`, over the inputs, `Expr.gradOutput` and `Expr.output`; backends
 * ignore it).
 *
 * @example
 * ```ts
 * const x = Expr.input(0, 'float32');
 * const attrs: ElementwiseAttrs = { name: 'exp', expr: x.exp(), layout: elementwiseLayout([[3]], [3]) };
 * ```
 */
export interface ElementwiseAttrs {
  readonly name: string;
  readonly expr: Expr;
  readonly layout: ElementwiseLayout;
  readonly vjp?: readonly (Expr | null)[];
}

/**
 * The attributes of the `ElementwiseInPlace` kernel: one expression per target (`exprs[j]`
 * written into `xs[targets[j]]`, in that tensor's dtype), over `input(i)` leaves that read `xs[i]`
 * as they were before the kernel, broadcast by `layout` to the targets' shape; `name` is the op
 * errors show. Core has checked that the targets are distinct buffers no other storage holds and
 * that an input shares a target's buffer only element for element (the same shape and dtype).
 *
 * @example
 * ```ts
 * const [m, g] = [Expr.input(0, 'float32'), Expr.input(1, 'float32')];
 * const attrs: ElementwiseInPlaceAttrs = {
 *   name: 'momentum',
 *   exprs: [m.mul(0.9).add(g)],
 *   targets: [0],
 *   layout: elementwiseLayout([[3], [3]], [3]),
 * };
 * ```
 */
export interface ElementwiseInPlaceAttrs {
  readonly name: string;
  readonly exprs: readonly Expr[];
  readonly targets: readonly number[];
  readonly layout: ElementwiseLayout;
}

/**
 * An activation a matmul, convolution or batch-norm kernel can apply to the values it writes
 * (see {@link Epilogue}): those whose gradient reads only the output, which the kernel keeps.
 *
 * @example
 * ```ts
 * const activation: FusedActivation = 'relu';
 * ```
 */
export type FusedActivation = 'relu' | 'sigmoid' | 'tanh';

/**
 * What a `MatMul`, `Conv2d` or `BatchNormTrain` kernel applies to each value it computes before
 * writing it, so that `relu(conv2d(x, w) + b)` is one kernel: `expr` reads the value as
 * `input(0)` and, where the kernel has a `bias` input, the bias of the value's channel as
 * `input(1)` (a convolution's output channel, a matmul's column). `vjp` is the gradient of the
 * value from `Expr.gradOutput` and `Expr.output` alone (`null`: the gradient passes through),
 * for core's gradient; backends ignore it. Core builds epilogues (`epilogueOf`); a backend
 * renders `expr` into its kernel.
 *
 * @example
 * ```ts
 * const v = Expr.input(0, 'float32');
 * const epilogue: Epilogue = { name: 'relu', expr: v.add(Expr.input(1, 'float32')).max(0), vjp: null };
 * ```
 */
export interface Epilogue {
  readonly name: string;
  readonly expr: Expr;
  readonly vjp: Expr | null;
}

/**
 * Attributes of average pooling.
 *
 * @example
 * ```ts
 * const attrs: AvgPool2dAttrs = { ...poolAttrs, countIncludePad: false, divisorOverride: null };
 * ```
 */
export interface AvgPool2dAttrs extends Pool2dAttrs {
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;
}

/**
 * Every kernel, declared once: its inputs, attributes and outputs. Registering a kernel is
 * type-checked against this map. `required` kernels give every op a path; optional ones are
 * fused fast paths that ops use when the backend has them and replace with a composite when not.
 *
 * Conventions for every kernel: inputs are contiguous; shapes and dtypes were validated by the op;
 * elementwise kernels broadcast (NumPy rules, right-aligned); outputs are new buffers (but for
 * `ElementwiseInPlace`, which writes into buffers of its inputs).
 *
 * @example
 * ```ts
 * type ConvInputs = KernelMap['Conv2d']['inputs']; // { x: TensorInfo; filter: TensorInfo }
 * ```
 */
export interface KernelMap {
  /**
   * One elementwise expression over the inputs, broadcast to the layout's shape (see
   * {@link ElementwiseAttrs}); the output has the expression's dtype.
   */
  Elementwise: { inputs: { xs: readonly TensorInfo[] }; attrs: ElementwiseAttrs; output: TensorInfo; required: true };
  /** Reduces `axes` (sorted, distinct) away; output shape drops them. `any`/`all` give bool. */
  Reduce: {
    inputs: { x: TensorInfo };
    attrs: { op: ReduceOp; axes: readonly number[] };
    output: TensorInfo;
    required: true;
  };
  /** Index of the first max/min along `axis` (dropped from the shape), int32. */
  ArgReduce: {
    inputs: { x: TensorInfo };
    attrs: { op: 'argmax' | 'argmin'; axis: number };
    output: TensorInfo;
    required: true;
  };
  /**
   * Batched `[B, M, K] x [B, K, N] -> [B, M, N]` (operands transposed in their last two dims when
   * asked), then the `epilogue` where given: float only, with `bias` `[N]` its `input(1)`.
   */
  MatMul: {
    inputs: { a: TensorInfo; b: TensorInfo; bias?: TensorInfo };
    attrs: { transposeA: boolean; transposeB: boolean; epilogue?: Epilogue };
    output: TensorInfo;
    required: true;
  };
  /** `out.shape[i] = x.shape[perm[i]]`. */
  Transpose: { inputs: { x: TensorInfo }; attrs: { perm: readonly number[] }; output: TensorInfo; required: true };
  /** Repeats size-1 dimensions of `x` (same rank as `shape`) to `shape`. */
  BroadcastTo: { inputs: { x: TensorInfo }; attrs: { shape: Shape }; output: TensorInfo; required: true };
  /** `out[i] = x[begin + i * step]` per dimension, `size` elements each; steps are positive. */
  Slice: {
    inputs: { x: TensorInfo };
    attrs: { begin: readonly number[]; size: readonly number[]; step: readonly number[] };
    output: TensorInfo;
    required: true;
  };
  /** The adjoint of `Slice`: zeros of `shape` with `x[i]` placed at `begin + i * step`. */
  SliceScatter: {
    inputs: { x: TensorInfo };
    attrs: { shape: Shape; begin: readonly number[]; step: readonly number[] };
    output: TensorInfo;
    required: true;
  };
  /** Joins tensors (same dtype, same shape but on `axis`) along `axis`. */
  Concat: { inputs: { xs: readonly TensorInfo[] }; attrs: { axis: number }; output: TensorInfo; required: true };
  /**
   * Pads each dimension by `[before, after]` (non-negative). `reflect` needs pads below the
   * size, `circular` at most the size; `value` fills in `constant` mode.
   */
  Pad: {
    inputs: { x: TensorInfo };
    attrs: { paddings: readonly (readonly [number, number])[]; mode: PadMode; value: number };
    output: TensorInfo;
    required: true;
  };
  /** `index_select`: picks `indices` (int32, 1-D, in range) along `axis`. */
  Gather: {
    inputs: { x: TensorInfo; indices: TensorInfo };
    attrs: { axis: number };
    output: TensorInfo;
    required: true;
  };
  /**
   * The adjoint of `Gather` (PyTorch's `index_copy` / `index_add` along `axis`): `x` with slice
   * `indices[i]` along `axis` replaced by slice `i` of `values` (added to it with `accumulate`).
   * `indices` is int32, 1-D and in range; `values` has `x`'s dtype and shape except
   * `indices.length` along `axis`. Without `accumulate` the last of repeated indices wins.
   */
  IndexScatter: {
    inputs: { x: TensorInfo; indices: TensorInfo; values: TensorInfo };
    attrs: { axis: number; accumulate: boolean };
    output: TensorInfo;
    required: true;
  };
  /** `[...indices.shape, depth]`, 1 where the last index equals the value, of `dtype`. */
  OneHot: {
    inputs: { indices: TensorInfo };
    attrs: { depth: number; dtype: DType };
    output: TensorInfo;
    required: true;
  };
  /**
   * Random values from the counter-based generator in `random/counter-rng.ts`, so every backend
   * draws the same numbers for the same seed: `uniform` in `[low, high)`, `normal` with mean
   * `low` and std `high`, `integer` in `[low, high)`.
   */
  Random: {
    inputs: Record<string, never>;
    attrs: {
      shape: Shape;
      dtype: DType;
      distribution: 'uniform' | 'normal' | 'integer';
      seed: number;
      low: number;
      high: number;
    };
    output: TensorInfo;
    required: true;
  };
  /**
   * Fused NCHW convolution `[N, C, H, W] * [O, C / groups, KH, KW] -> [N, O, OH, OW]`, then the
   * `epilogue` where given, with `bias` `[O]` its `input(1)`.
   */
  Conv2d: {
    inputs: { x: TensorInfo; filter: TensorInfo; bias?: TensorInfo };
    attrs: Conv2dAttrs & { epilogue?: Epilogue };
    output: TensorInfo;
    required: false;
    backward: ['Conv2dBackpropInput', 'Conv2dBackpropFilter'];
  };
  /** Gradient of `Conv2d` with respect to its input. */
  Conv2dBackpropInput: {
    inputs: { dy: TensorInfo; filter: TensorInfo };
    attrs: Conv2dAttrs & { inputShape: Shape };
    output: TensorInfo;
    required: false;
    backward: [];
  };
  /** Gradient of `Conv2d` with respect to its filter. */
  Conv2dBackpropFilter: {
    inputs: { x: TensorInfo; dy: TensorInfo };
    attrs: Conv2dAttrs & { filterShape: Shape };
    output: TensorInfo;
    required: false;
    backward: [];
  };
  /**
   * Several elementwise expressions computed in one pass and written in place into the inputs
   * `xs[targets[j]]` (see {@link ElementwiseInPlaceAttrs}): every expression reads the values from
   * before the pass, so each element is read before it is written. No output, no gradient: what
   * an optimizer's update runs. Core runs one `Elementwise` per target and swaps the buffers on a
   * backend without it.
   */
  ElementwiseInPlace: {
    inputs: { xs: readonly TensorInfo[] };
    attrs: ElementwiseInPlaceAttrs;
    output: [];
    required: false;
    backward: [];
  };
  /** Max pooling; outputs the values and, per output, the flat `h * W + w` index of the winner (int32). */
  MaxPool2d: {
    inputs: { x: TensorInfo };
    attrs: MaxPool2dAttrs;
    output: [TensorInfo, TensorInfo];
    required: false;
    backward: ['MaxPool2dGrad'];
  };
  /** Scatters `dy` to the winners recorded in `indices`, summing where windows overlap. */
  MaxPool2dGrad: {
    inputs: { dy: TensorInfo; indices: TensorInfo };
    attrs: MaxPool2dAttrs & { inputShape: Shape };
    output: TensorInfo;
    required: false;
    backward: [];
  };
  /** Average pooling. */
  AvgPool2d: {
    inputs: { x: TensorInfo };
    attrs: AvgPool2dAttrs;
    output: TensorInfo;
    required: false;
    backward: ['AvgPool2dGrad'];
  };
  /** Gradient of `AvgPool2d`. */
  AvgPool2dGrad: {
    inputs: { dy: TensorInfo };
    attrs: AvgPool2dAttrs & { inputShape: Shape };
    output: TensorInfo;
    required: false;
    backward: [];
  };
  /**
   * Training-mode batch normalisation of `x` `[N, C, ...]` over every dimension but 1 with the
   * batch's statistics: outputs `y = (x - mean) / sqrt(var + eps) * weight + bias` and the
   * per-channel `mean` and biased `var` (`[C]` each); `weight` and `bias` are `[C]`. The
   * `epilogue` where given (over `input(0)` alone) applies to `y`.
   */
  BatchNormTrain: {
    inputs: { x: TensorInfo; weight: TensorInfo; bias: TensorInfo };
    attrs: { eps: number; epilogue?: Epilogue };
    output: [TensorInfo, TensorInfo, TensorInfo];
    required: false;
    backward: ['BatchNormTrainGrad'];
  };
  /** Gradient of `BatchNormTrain` from `dy` and its saved `mean` and `var`: `[dx, dweight, dbias]`. */
  BatchNormTrainGrad: {
    inputs: { dy: TensorInfo; x: TensorInfo; weight: TensorInfo; mean: TensorInfo; var: TensorInfo };
    attrs: { eps: number };
    output: [TensorInfo, TensorInfo, TensorInfo];
    required: false;
    backward: [];
  };
  /**
   * Softmax cross-entropy of `logits` `[N, C]` against int32 class indices `target` `[N]`, row by
   * row: with `lse` the row's logsumexp, `e` the `labelSmoothing` and `t` the target, the loss
   * `(1 - e) * (lse - logits[t]) + e * (lse - mean(logits))`, 0 where `t` is `ignoreIndex`.
   * Outputs the losses and `lse` (`[N]` each, the logits' dtype). Targets are in range or
   * `ignoreIndex` (the op checked them).
   */
  SoftmaxCrossEntropy: {
    inputs: { logits: TensorInfo; target: TensorInfo };
    attrs: SoftmaxCrossEntropyAttrs;
    output: [TensorInfo, TensorInfo];
    required: false;
    backward: ['SoftmaxCrossEntropyGrad'];
  };
  /**
   * Gradient of `SoftmaxCrossEntropy` w.r.t. the logits from `dy` `[N]` and the saved `lse`:
   * `dy[n] * (exp(logits - lse) - (1 - e) * onehot(t) - e / C)`, 0 in rows whose target is `ignoreIndex`.
   */
  SoftmaxCrossEntropyGrad: {
    inputs: { dy: TensorInfo; logits: TensorInfo; target: TensorInfo; lse: TensorInfo };
    attrs: SoftmaxCrossEntropyAttrs;
    output: TensorInfo;
    required: false;
    backward: [];
  };
}

/**
 * Attributes of softmax cross-entropy (PyTorch's `ignore_index` and `label_smoothing`).
 *
 * @example
 * ```ts
 * const attrs: SoftmaxCrossEntropyAttrs = { ignoreIndex: -100, labelSmoothing: 0.1 };
 * ```
 */
export interface SoftmaxCrossEntropyAttrs {
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;
}

/**
 * The name of a kernel in {@link KernelMap}.
 *
 * @example
 * ```ts
 * const name: KernelName = 'Conv2d';
 * ```
 */
export type KernelName = keyof KernelMap;

/**
 * Kernel inputs of kernel `K`.
 *
 * @example
 * ```ts
 * const inputs: KernelInputs<'MatMul'> = { a, b };
 * ```
 */
export type KernelInputs<K extends KernelName> = KernelMap[K]['inputs'];
/**
 * Kernel attributes of kernel `K`.
 *
 * @example
 * ```ts
 * const attrs: KernelAttrs<'Reduce'> = { op: 'sum', axes: [1] };
 * ```
 */
export type KernelAttrs<K extends KernelName> = KernelMap[K]['attrs'];
/**
 * Kernel output(s) of kernel `K`.
 *
 * @example
 * ```ts
 * const [values, indices]: KernelOutput<'MaxPool2d'> = maxPool(args);
 * ```
 */
export type KernelOutput<K extends KernelName> = KernelMap[K]['output'];

/**
 * `T` for every input of kernel `K` (`readonly T[]` where the kernel takes a list).
 *
 * @example
 * ```ts
 * const needs: PerInput<'MatMul', boolean> = { a: true, b: false };
 * ```
 */
export type PerInput<K extends KernelName, T> = {
  [P in keyof KernelInputs<K>]: KernelInputs<K>[P] extends readonly TensorInfo[] ? readonly T[] : T;
};

/**
 * The shape and dtype of a tensor, without its values: what core computes for every kernel
 * output before the kernel runs.
 *
 * @example
 * ```ts
 * const spec: TensorSpec = { shape: [2, 3], dtype: 'float32' };
 * ```
 */
export interface TensorSpec {
  readonly shape: Shape;
  readonly dtype: DType;
}

/**
 * The {@link TensorSpec} of each output of kernel `K` (a tuple for kernels with several).
 *
 * @example
 * ```ts
 * const [values, indices]: KernelOutputSpec<'MaxPool2d'> = [{ shape, dtype: 'float32' }, { shape, dtype: 'int32' }];
 * ```
 */
export type KernelOutputSpec<K extends KernelName> = TensorSpecsOf<KernelOutput<K>>;

/**
 * A {@link TensorSpec} in place of each `TensorInfo` of a kernel's output (a tuple stays a tuple).
 *
 * @example
 * ```ts
 * const spec: TensorSpecsOf<TensorInfo> = { shape: [2, 3], dtype: 'float32' };
 * ```
 */
export type TensorSpecsOf<T> = T extends readonly TensorInfo[] ? { readonly [I in keyof T]: TensorSpec } : TensorSpec;

/**
 * A kernel implementation for backend type `B`. `output` is what core computed the output (or
 * outputs) to be; the kernel writes buffers of exactly those shapes and dtypes.
 *
 * @example
 * ```ts
 * const transpose: KernelFunc<'Transpose', CpuBackend> = ({ inputs, attrs, output, backend }) => ...;
 * ```
 */
export type KernelFunc<K extends KernelName, B extends Backend = Backend> = (args: {
  inputs: KernelInputs<K>;
  attrs: KernelAttrs<K>;
  output: KernelOutputSpec<K>;
  backend: B;
}) => KernelOutput<K>;

/**
 * One entry of a backend's kernel list (TensorFlow.js's `KernelConfig`): a kernel name and its
 * implementation, checked against {@link KernelMap}.
 *
 * @example
 * ```ts
 * const kernels: KernelConfig<CpuBackend>[] = [{ kernelName: 'Transpose', kernelFunc: transpose }];
 * registerKernels('cpu', kernels);
 * ```
 */
export type KernelConfig<B extends Backend = Backend> = {
  [K in KernelName]: { readonly kernelName: K; readonly kernelFunc: KernelFunc<K, B> };
}[KernelName];

/**
 * The kernels every backend must register.
 *
 * @example
 * ```ts
 * for (const name of REQUIRED_KERNELS) console.log(name, hasKernel('cpu', name));
 * ```
 */
export const REQUIRED_KERNELS = [
  'Elementwise',
  'Reduce',
  'ArgReduce',
  'MatMul',
  'Transpose',
  'BroadcastTo',
  'Slice',
  'SliceScatter',
  'Concat',
  'Pad',
  'Gather',
  'IndexScatter',
  'OneHot',
  'Random',
] as const satisfies readonly { [K in KernelName]: KernelMap[K]['required'] extends true ? K : never }[KernelName][];

/**
 * The name of a fused kernel a backend may register.
 *
 * @example
 * ```ts
 * const name: OptionalKernelName = 'Conv2d';
 * ```
 */
export type OptionalKernelName = { [K in KernelName]: KernelMap[K]['required'] extends false ? K : never }[KernelName];

/**
 * The fused kernels a backend may register, each with the kernels its gradient runs (as
 * `backward` in {@link KernelMap}): an op uses a fused kernel only where the backend registered
 * it and all of those, and runs its composite otherwise.
 *
 * @example
 * ```ts
 * OPTIONAL_KERNELS.Conv2d; // ['Conv2dBackpropInput', 'Conv2dBackpropFilter']
 * ```
 */
export const OPTIONAL_KERNELS: { readonly [K in OptionalKernelName]: KernelMap[K]['backward'] } = {
  Conv2d: ['Conv2dBackpropInput', 'Conv2dBackpropFilter'],
  Conv2dBackpropInput: [],
  Conv2dBackpropFilter: [],
  MaxPool2d: ['MaxPool2dGrad'],
  MaxPool2dGrad: [],
  AvgPool2d: ['AvgPool2dGrad'],
  AvgPool2dGrad: [],
  BatchNormTrain: ['BatchNormTrainGrad'],
  BatchNormTrainGrad: [],
  ElementwiseInPlace: [],
  SoftmaxCrossEntropy: ['SoftmaxCrossEntropyGrad'],
  SoftmaxCrossEntropyGrad: [],
};
