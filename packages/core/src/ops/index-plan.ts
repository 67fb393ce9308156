import { findBackend } from '../backend/registry.js';
import { IndexError } from '../errors.js';
import { inferShape, type NestedArray } from '../nested-array.js';
import { broadcastShapes, formatShape, type Shape, sizeFromShape, stridesFromShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { IndexSlice } from './index-slice.js';
import { parseIndexString } from './index-string.js';

/**
 * One index of {@link Tensor.index} / {@link Tensor.indexPut_}, as between PyTorch's brackets:
 * an integer (negative counts from the end), a {@link IndexSlice} (`slice(1, 3)`), `null` for a new
 * axis, `'...'` for the ellipsis, an int32 tensor or a list of integers (advanced indexing), a
 * bool tensor or a list of booleans (a mask), or a string of literal items (`':, 2:6'`).
 *
 * @example
 * ```ts
 * const items: IndexItem[] = [slice(0, 2), null, '...', tensor([0, 2], { dtype: 'int32' })];
 * x.index(...items);
 * ```
 */
export type IndexItem = number | IndexSlice | null | string | Tensor | readonly NestedArray[];

type Item =
  | { kind: 'int'; value: number }
  | { kind: 'slice'; slice: IndexSlice }
  | { kind: 'newaxis' }
  | { kind: 'ellipsis' }
  | { kind: 'tensor'; values: ArrayLike<number>; shape: Shape }
  | { kind: 'mask'; values: ArrayLike<number>; shape: Shape };

/** How an index reads its tensor: a strided slice, then (for advanced indices) a row gather. */
export interface IndexPlan {
  /** The `Slice` of the indexed tensor, per dimension (an integer index keeps one element). */
  readonly begin: readonly number[];
  readonly size: readonly number[];
  readonly step: readonly number[];
  /** Whether the slice leaves anything out (else the basic part is a reshape of the whole). */
  readonly sliced: boolean;
  /** The slice's shape with integer-indexed dimensions dropped and new axes inserted. */
  readonly basicShape: readonly number[];
  readonly advanced: AdvancedPlan | null;
  readonly resultShape: readonly number[];
}

/** The advanced (tensor, list, mask) part of an index. */
export interface AdvancedPlan {
  /** Positions in `basicShape` of the dimensions the index tensors select, in order. */
  readonly dims: readonly number[];
  /** The index tensors' broadcast shape. */
  readonly shape: readonly number[];
  /** Per element of `shape`, the row of `basicShape`'s advanced dimensions flattened together (row-major). */
  readonly rows: Int32Array;
  /** Whether `dims` are consecutive: the broadcast dimensions then replace them in place, else they go first (PyTorch's rule). */
  readonly adjacent: boolean;
}

function fromList(op: string, list: readonly NestedArray[]): Item {
  const shape = inferShape(op, list as NestedArray[]);
  const flat: unknown[] = [];
  const collect = (v: NestedArray): void => {
    if (Array.isArray(v)) for (const item of v) collect(item);
    else flat.push(v);
  };
  collect(list as NestedArray[]);
  if (flat.length > 0 && typeof flat[0] === 'boolean') {
    if (flat.some((v) => typeof v !== 'boolean')) {
      throw new IndexError(`${op}: expected a list of only booleans (a mask) or only integers, got a mix.`);
    }
    return { kind: 'mask', values: flat.map(Number), shape };
  }
  if (flat.some((v) => typeof v !== 'number' || !Number.isInteger(v))) {
    throw new IndexError(`${op}: expected a list of integers (or of booleans, a mask), got ${JSON.stringify(list)}.`);
  }
  return { kind: 'tensor', values: flat as number[], shape };
}

function fromTensor(op: string, t: Tensor): Item {
  if (t.dtype !== 'int32' && t.dtype !== 'bool') {
    throw new IndexError(
      `${op}: expected int32 or bool tensors as indices (PyTorch: tensors used as indices must be long, int, byte or bool tensors), got dtype ${t.dtype}; cast with .int().`,
    );
  }
  if (!findBackend(t.backend).capabilities.syncRead) {
    throw new IndexError(
      `${op}: expected index tensors on a backend that reads synchronously, got one on '${t.backend}'; move it with .to('cpu').`,
    );
  }
  const values = t.dataSync();
  return t.dtype === 'bool' ? { kind: 'mask', values, shape: t.shape } : { kind: 'tensor', values, shape: t.shape };
}

/** @internal The items of an index, strings and lists resolved. `op` names the caller in errors. */
function normalize(op: string, items: readonly IndexItem[]): Item[] {
  return items.flatMap((item): Item[] => {
    if (item === null) return [{ kind: 'newaxis' }];
    if (typeof item === 'number') {
      if (!Number.isInteger(item)) throw new IndexError(`${op}: expected integer indices, got ${item}.`);
      return [{ kind: 'int', value: item }];
    }
    if (item instanceof IndexSlice) return [{ kind: 'slice', slice: item }];
    if (item instanceof Tensor) return [fromTensor(op, item)];
    if (typeof item === 'string') {
      return parseIndexString(op, item).map((v): Item => {
        if (v === null) return { kind: 'newaxis' };
        if (v === '...') return { kind: 'ellipsis' };
        if (v instanceof IndexSlice) return { kind: 'slice', slice: v };
        return { kind: 'int', value: v };
      });
    }
    if (Array.isArray(item)) return [fromList(op, item)];
    throw new IndexError(
      `${op}: expected an integer, slice(), null, '...', an index string, a tensor or a list, got ${typeof item === 'boolean' ? `the boolean ${item} (use a bool tensor as a mask)` : String(item)}.`,
    );
  });
}

function wrapIndex(op: string, value: number, dim: number, n: number): number {
  if (value < -n || value >= n) {
    throw new IndexError(`${op}: index ${value} is out of bounds for dimension ${dim} with size ${n}.`);
  }
  return value < 0 ? value + n : value;
}

function sliceBounds(op: string, s: IndexSlice, n: number): [begin: number, count: number, step: number] {
  const step = s.step ?? 1;
  if (!Number.isInteger(step) || step < 1) {
    throw new IndexError(
      `${op}: expected a positive integer slice step, got ${step} (PyTorch does not support negative steps either); reverse with an index tensor, e.g. x.index(arange(n - 1, -1, -1)).`,
    );
  }
  for (const bound of [s.start, s.stop]) {
    if (bound !== null && !Number.isInteger(bound))
      throw new IndexError(`${op}: expected integer slice bounds, got ${s}.`);
  }
  const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + n : v, 0), n);
  const lo = s.start === null ? 0 : clamp(s.start);
  const hi = s.stop === null ? n : clamp(s.stop);
  return [lo, hi > lo ? Math.ceil((hi - lo) / step) : 0, step];
}

interface AdvancedIndex {
  readonly dim: number;
  readonly values: ArrayLike<number>;
  readonly shape: Shape;
}

/** Positions of the nonzero entries of a mask, one coordinate list per mask dimension. */
function nonzero(values: ArrayLike<number>, shape: Shape): Int32Array[] {
  const strides = stridesFromShape(shape);
  const hits: number[] = [];
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) hits.push(i);
  return shape.map((n, d) => Int32Array.from(hits, (flat) => Math.floor(flat / strides[d]!) % n));
}

function rowsOf(advanced: readonly AdvancedIndex[], sizes: readonly number[], shape: readonly number[]): Int32Array {
  const count = sizeFromShape(shape);
  const rowStrides = stridesFromShape(sizes);
  const outStrides = stridesFromShape(shape);
  // Each index tensor is read at the broadcast coordinates: stride 0 along the dimensions it repeats.
  const readStrides = advanced.map((a) => {
    const own = stridesFromShape(a.shape);
    const lead = shape.length - a.shape.length;
    return shape.map((_, d) => (d < lead || a.shape[d - lead] === 1 ? 0 : own[d - lead]!));
  });
  const rows = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    let row = 0;
    advanced.forEach((a, j) => {
      let offset = 0;
      let rest = i;
      for (let d = 0; d < shape.length; d++) {
        const c = Math.floor(rest / outStrides[d]!);
        rest -= c * outStrides[d]!;
        offset += c * readStrides[j]![d]!;
      }
      row += a.values[offset]! * rowStrides[j]!;
    });
    rows[i] = row;
  }
  return rows;
}

/**
 * @internal Resolves an index of a tensor of `shape` into a slice and an optional row gather,
 * with PyTorch's semantics: integers and slices first, then the index tensors broadcast together;
 * their dimensions replace the indexed ones when those are adjacent, else they go first. Reads
 * index tensors and masks on the host (bounds checks and mask positions need their values).
 */
export function planIndex(op: string, shape: Shape, items: readonly IndexItem[]): IndexPlan {
  const resolved = normalize(op, items);
  const consumed = resolved.reduce(
    (n, it) =>
      n +
      (it.kind === 'int' || it.kind === 'slice' || it.kind === 'tensor' ? 1 : 0) +
      (it.kind === 'mask' ? it.shape.length : 0),
    0,
  );
  const ellipses = resolved.filter((it) => it.kind === 'ellipsis').length;
  if (ellipses > 1) throw new IndexError(`${op}: expected at most one '...' in an index, got ${ellipses}.`);
  if (consumed > shape.length) {
    throw new IndexError(
      `${op}: too many indices for a tensor of shape ${formatShape(shape)}: ${consumed} dimensions indexed, ${shape.length} present.`,
    );
  }
  const full = (): Item => ({ kind: 'slice', slice: new IndexSlice() });
  const fill = Array.from({ length: shape.length - consumed }, full);
  const at = resolved.findIndex((it) => it.kind === 'ellipsis');
  const expanded = at < 0 ? [...resolved, ...fill] : [...resolved.slice(0, at), ...fill, ...resolved.slice(at + 1)];

  const begin = shape.map(() => 0);
  const size = [...shape];
  const step = shape.map(() => 1);
  const basicShape: number[] = [];
  const advanced: AdvancedIndex[] = [];
  let d = 0;
  for (const it of expanded) {
    switch (it.kind) {
      case 'int':
        begin[d] = wrapIndex(op, it.value, d, shape[d]!);
        size[d] = 1;
        d++;
        break;
      case 'slice': {
        [begin[d], size[d], step[d]] = sliceBounds(op, it.slice, shape[d]!);
        basicShape.push(size[d]!);
        d++;
        break;
      }
      case 'newaxis':
        basicShape.push(1);
        break;
      case 'tensor': {
        const n = shape[d]!;
        const values = Int32Array.from(it.values, (v) => wrapIndex(op, v, d, n));
        advanced.push({ dim: basicShape.length, values, shape: it.shape });
        basicShape.push(n);
        d++;
        break;
      }
      case 'mask': {
        const own = shape.slice(d, d + it.shape.length);
        if (it.shape.length === 0 || own.some((n, k) => n !== it.shape[k])) {
          throw new IndexError(
            `${op}: expected a mask of shape ${formatShape(own)} (dimensions ${d} to ${d + own.length - 1} of ${formatShape(shape)}), got ${formatShape(it.shape)}.`,
          );
        }
        for (const coords of nonzero(it.values, it.shape)) {
          advanced.push({ dim: basicShape.length, values: coords, shape: [coords.length] });
          basicShape.push(shape[d]!);
          d++;
        }
        break;
      }
      case 'ellipsis':
        break;
    }
  }
  const sliced = shape.some((n, k) => begin[k] !== 0 || size[k] !== n || step[k] !== 1);
  if (advanced.length === 0) return { begin, size, step, sliced, basicShape, advanced: null, resultShape: basicShape };
  const dims = advanced.map((a) => a.dim);
  const broadcast = broadcastShapes(op, ...advanced.map((a) => a.shape));
  const rows = rowsOf(
    advanced,
    dims.map((k) => basicShape[k]!),
    broadcast,
  );
  const adjacent = dims.every((k, j) => j === 0 || k === dims[j - 1]! + 1);
  const others = basicShape.filter((_, k) => !dims.includes(k));
  const resultShape = adjacent
    ? [...basicShape.slice(0, dims[0]), ...broadcast, ...basicShape.slice(dims[dims.length - 1]! + 1)]
    : [...broadcast, ...others];
  return {
    begin,
    size,
    step,
    sliced,
    basicShape,
    advanced: { dims, shape: broadcast, rows, adjacent },
    resultShape,
  };
}

/**
 * @internal How the advanced part of a plan moves dimensions: `perm` brings the indexed
 * dimensions of `basicShape` to the front (then flattened into rows), `gathered` is the shape
 * after the row gather (broadcast shape, then the other dimensions), and `place` permutes that
 * into the result's order.
 */
export function advancedLayout(
  plan: IndexPlan,
  advanced: AdvancedPlan,
): { perm: number[]; gathered: number[]; place: number[] } {
  const { dims, shape } = advanced;
  const others = plan.basicShape.map((_, k) => k).filter((k) => !dims.includes(k));
  const gathered = [...shape, ...others.map((k) => plan.basicShape[k]!)];
  const nb = shape.length;
  const p = advanced.adjacent ? dims[0]! : 0;
  const place = [
    ...others.slice(0, p).map((_, i) => nb + i),
    ...shape.map((_, i) => i),
    ...others.slice(p).map((_, i) => nb + p + i),
  ];
  return { perm: [...dims, ...others], gathered, place };
}
