import type { DType, TypedArray } from './dtype.js';
import type { Shape } from './shape.js';

const LINE_WIDTH = 80;
// PyTorch summarises tensors above this many elements, keeping EDGE_ITEMS at each end.
const SUMMARY_THRESHOLD = 1000;
const EDGE_ITEMS = 3;

type Formatter = (v: number) => string;

/** Chooses one number format for the whole tensor, as `torch/_tensor_str.py` does. */
function makeFormatter(values: TypedArray, dtype: DType): Formatter {
  if (dtype === 'bool') return (v) => (v !== 0 ? 'True' : 'False');
  if (dtype === 'int32') return (v) => String(v);
  const finite = Array.from(values).filter((v) => Number.isFinite(v));
  const special = (v: number): string | undefined =>
    Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : undefined;
  if (finite.length === 0) return (v) => special(v) ?? String(v);
  if (finite.every((v) => Number.isInteger(v))) {
    const max = Math.max(...finite.map(Math.abs));
    if (max > 1e8) return (v) => special(v) ?? v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
    return (v) => special(v) ?? `${Object.is(v, -0) ? '-0' : v.toFixed(0)}.`;
  }
  const nonzero = finite.map(Math.abs).filter((v) => v > 0);
  const max = Math.max(...nonzero);
  const min = Math.min(...nonzero);
  if (max / min > 1000 || max > 1e8 || min < 1e-4) {
    return (v) => special(v) ?? v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return (v) => special(v) ?? v.toFixed(4);
}

function formatBlock(
  values: TypedArray,
  shape: Shape,
  offset: number,
  depth: number,
  indent: number,
  fmt: (v: number) => string,
  summarize: boolean,
): string {
  if (shape.length === depth) return fmt(values[offset]!);
  const size = shape[depth]!;
  const inner = shape.slice(depth + 1).reduce((a, b) => a * b, 1);
  const indices =
    summarize && size > 2 * EDGE_ITEMS
      ? [
          ...Array.from({ length: EDGE_ITEMS }, (_, i) => i),
          -1,
          ...Array.from({ length: EDGE_ITEMS }, (_, i) => size - EDGE_ITEMS + i),
        ]
      : Array.from({ length: size }, (_, i) => i);
  if (depth === shape.length - 1) {
    // PyTorch writes the elision in a row as ' ...', so it sits one space further right.
    const items = indices.map((i) => (i < 0 ? ' ...' : fmt(values[offset + i]!)));
    const perLine = Math.max(1, Math.floor((LINE_WIDTH - indent) / (Math.max(...items.map((s) => s.length)) + 2)));
    const lines: string[] = [];
    for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(', '));
    return `[${lines.join(`,\n${' '.repeat(indent + 1)}`)}]`;
  }
  const separator = `,${'\n'.repeat(shape.length - depth - 1)}${' '.repeat(indent + 1)}`;
  const parts = indices.map((i) =>
    i < 0 ? '...' : formatBlock(values, shape, offset + i * inner, depth + 1, indent + 1, fmt, summarize),
  );
  return `[${parts.join(separator)}]`;
}

/**
 * The PyTorch-style text of a tensor: `tensor([[19., 25.],\n        [37., 43.]])`. Numbers share
 * one width and format (`19.` when all are integers, 4 decimals, or scientific for wide ranges);
 * large tensors are summarised with `...`.
 *
 * @example
 * ```ts
 * formatTensor(new Float32Array([1, 2]), [2], 'float32', false); // 'tensor([1., 2.])'
 * ```
 */
export function formatTensor(
  values: TypedArray,
  shape: Shape,
  dtype: DType,
  requiresGrad: boolean,
  gradFnName?: string,
): string {
  const prefix = 'tensor(';
  const summarize = values.length > SUMMARY_THRESHOLD;
  const base = makeFormatter(values, dtype);
  const shown = summarize ? values.filter((_, i) => i < 2 * EDGE_ITEMS || i >= values.length - 2 * EDGE_ITEMS) : values;
  // PyTorch sizes the columns by the finite values; nan and inf print as they are.
  const width = Math.max(0, ...Array.from(shown, (v) => (dtype === 'bool' || Number.isFinite(v) ? base(v).length : 0)));
  const fmt = (v: number): string => base(v).padStart(width);
  const suffixes: string[] = [];
  let body: string;
  if (values.length === 0) {
    body = '[]';
    if (shape.length !== 1) suffixes.push(`size=[${shape.join(', ')}]`);
  } else {
    body = formatBlock(values, shape, 0, 0, prefix.length, fmt, summarize);
  }
  if (dtype === 'float64') suffixes.push('dtype=float64');
  if (gradFnName !== undefined) suffixes.push(`gradFn=<${gradFnName}>`);
  else if (requiresGrad) suffixes.push('requiresGrad=true');
  return `${prefix}${[body, ...suffixes].join(', ')})`;
}
