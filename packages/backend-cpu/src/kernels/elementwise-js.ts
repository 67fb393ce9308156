import {
  type DType,
  type ElementwiseLayout,
  type ElementwiseProgram,
  type ProgramNode,
  StrataError,
  type TypedArray,
} from '@strata/core';

/**
 * A compiled elementwise loop: reads `inputs` at the layout's strides, writes every output element
 * in order, with the program's constants `k` as arguments so that one loop serves every value.
 */
export type ElementwiseLoop = (
  inputs: readonly TypedArray[],
  out: TypedArray,
  dims: readonly number[],
  strides: readonly (readonly number[])[],
  k: readonly number[],
) => void;

/** `Math.pow` with C's `pow` at the edges where they differ: 1^y and (-1)^±inf are 1. */
function floatPow(x: number, y: number): number {
  if (x === 1 || (x === -1 && (y === Number.POSITIVE_INFINITY || y === Number.NEGATIVE_INFINITY))) return 1;
  return x ** y;
}

/** int32 power by squaring with wrapping products; negative exponents as PyTorch's integer pow. */
function intPow(x: number, y: number): number {
  if (y < 0) return x === 1 ? 1 : x === -1 ? (y & 1 ? -1 : 1) : 0;
  let result = 1;
  let base = x;
  for (let e = y; e > 0; e >>>= 1) {
    if (e & 1) result = Math.imul(result, base);
    base = Math.imul(base, base);
  }
  return result;
}

/** Never exponentiates a positive number, so large |x| neither overflows nor loses the tail. */
function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * The error function in double, within 2e-15 relative (8 ulps at worst near 2.5): the all-positive series
 * `2/sqrt(pi) e^(-x^2) sum 2^n x^(2n+1) / (1 * 3 * ... * (2n+1))` below 3 (no cancellation), the
 * continued fraction of erfc from 3 to 6, and 1 beyond (erfc(6) is below half an ulp of 1).
 */
function erf(x: number): number {
  const a = Math.abs(x);
  let r: number;
  if (a < 3) {
    const a2 = a * a;
    let term = a;
    let sum = a;
    for (let n = 1; term > sum * 1e-17; n++) {
      term *= (2 * a2) / (2 * n + 1);
      sum += term;
    }
    r = (2 / Math.sqrt(Math.PI)) * Math.exp(-a2) * sum;
  } else if (a < 6) {
    let f = a;
    for (let k = 60; k >= 1; k--) f = a + k / 2 / f;
    r = 1 - Math.exp(-a * a) / (Math.sqrt(Math.PI) * f);
  } else {
    r = Number.isNaN(a) ? a : 1;
  }
  return x < 0 ? -r : x === 0 ? x : r;
}

const HELPERS = { floatPow, intPow, sigmoid, erf };

/** `value` (a JS expression computed in double) rounded to `dtype`, as the primitives specify. */
function rounded(value: string, dtype: DType): string {
  switch (dtype) {
    case 'float32':
      return `Math.fround(${value})`;
    case 'int32':
      return `((${value}) | 0)`;
    case 'bool':
      return `((${value}) !== 0 ? 1 : 0)`;
    default:
      return value;
  }
}

/** The JS expression of one program node over the variables of its operands. */
function render(node: ProgramNode, a: string[], operandDtype: DType): string {
  const [x, y, z] = a;
  const { dtype } = node;
  switch (node.op) {
    case 'add':
      return rounded(`${x} + ${y}`, dtype);
    case 'mul':
      return dtype === 'int32' ? `Math.imul(${x}, ${y})` : rounded(`${x} * ${y}`, dtype);
    case 'div':
      return rounded(`${x} / ${y}`, dtype);
    case 'max':
      return `(${x} > ${y} || ${x} !== ${x} ? ${x} : ${y})`;
    case 'pow':
      return dtype === 'int32' ? `h.intPow(${x}, ${y})` : rounded(`h.floatPow(${x}, ${y})`, dtype);
    case 'eq':
      return `(${x} === ${y} ? 1 : 0)`;
    case 'lt':
      return `(${x} < ${y} ? 1 : 0)`;
    case 'where':
      return `(${x} !== 0 ? ${y} : ${z})`;
    case 'neg':
      return dtype === 'int32' ? `((-${x}) | 0)` : `(-${x})`;
    case 'exp':
    case 'log':
    case 'sqrt':
    case 'tanh':
    case 'floor':
      return rounded(`Math.${node.op}(${x})`, dtype);
    case 'sigmoid':
    case 'erf':
      return rounded(`h.${node.op}(${x})`, dtype);
    case 'cast':
      // Bool to a number is already 0 or 1; int32 conversion (ToInt32) truncates toward zero and wraps.
      return operandDtype === dtype ? x! : rounded(x!, dtype);
    default:
      throw new StrataError(`Elementwise (cpu): a '${node.op}' node cannot be rendered as an operation.`);
  }
}

/**
 * The JavaScript source of the loop of `program` over a layout with `key`: one nested loop per
 * merged dimension, each input's offset advanced only along the dimensions it varies along.
 */
function loopSource(program: ElementwiseProgram, layout: ElementwiseLayout): string {
  const rank = layout.dims.length;
  const inputCount = layout.strides.length;
  const varies = layout.strides.map((s) => s.map((stride) => stride !== 0));
  const lines: string[] = [];
  for (let i = 0; i < inputCount; i++) lines.push(`const x${i} = inputs[${i}];`);
  for (let c = 0; c < program.constants.length; c++) lines.push(`const k${c} = k[${c}];`);
  for (let d = 0; d < rank; d++) {
    lines.push(`const d${d} = dims[${d}];`);
    for (let i = 0; i < inputCount; i++) if (varies[i]![d]) lines.push(`const s${i}_${d} = strides[${i}][${d}];`);
  }
  lines.push('let o = 0;');
  const body: string[] = [];
  const names: string[] = [];
  program.nodes.forEach((node, n) => {
    const name = `v${n}`;
    names.push(name);
    if (node.op === 'input') {
      const terms = Array.from({ length: rank }, (_, d) => d)
        .filter((d) => varies[node.index]![d])
        .map((d) => `i${d} * s${node.index}_${d}`);
      body.push(`const ${name} = x${node.index}[${terms.length === 0 ? '0' : terms.join(' + ')}];`);
    } else if (node.op === 'const') {
      body.push(`const ${name} = k${node.index};`);
    } else {
      const operandDtype = program.nodes[node.args[0]!]!.dtype;
      body.push(
        `const ${name} = ${render(
          node,
          node.args.map((a) => names[a]!),
          operandDtype,
        )};`,
      );
    }
  });
  body.push(`out[o++] = ${names[names.length - 1]};`);
  let inner = body.join('\n');
  for (let d = rank - 1; d >= 0; d--) inner = `for (let i${d} = 0; i${d} < d${d}; i${d}++) {\n${inner}\n}`;
  lines.push(inner);
  return lines.join('\n');
}

const loops = new Map<string, ElementwiseLoop>();

/**
 * The loop of `program` over layouts like `layout` (the same merged rank and broadcast pattern),
 * generated as JavaScript once per program and layout key and cached.
 *
 * @example
 * ```ts
 * elementwiseLoop(program, layout)([x], out, layout.dims, layout.strides, program.constants);
 * ```
 */
export function elementwiseLoop(program: ElementwiseProgram, layout: ElementwiseLayout): ElementwiseLoop {
  const key = `${program.key}|${layout.key}`;
  let loop = loops.get(key);
  if (loop === undefined) {
    const make = new Function('h', `return (inputs, out, dims, strides, k) => {\n${loopSource(program, layout)}\n};`);
    loop = make(HELPERS) as ElementwiseLoop;
    loops.set(key, loop);
  }
  return loop;
}
