import {
  type DType,
  type ElementwiseLayout,
  type ElementwiseProgram,
  type ProgramNode,
  StrataError,
  type TypedArray,
} from '@strata/core';
import { interpretedLoop } from './elementwise-interpreter.js';
import { ELEMENTWISE_MATH } from './elementwise-math.js';

/**
 * A compiled elementwise loop: reads `inputs` at the layout's strides, computes every node of an
 * element before writing it into `outs` (one array per program output), element after element,
 * with the program's constants `k` as arguments so that one loop serves every value. An output
 * may be an input read at the same elements.
 */
export type ElementwiseLoop = (
  inputs: readonly TypedArray[],
  outs: readonly TypedArray[],
  dims: readonly number[],
  strides: readonly (readonly number[])[],
  k: readonly number[],
) => void;

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
    case 'tanh':
      return dtype === 'float32' ? `h.${node.op}f(${x})` : rounded(`Math.${node.op}(${x})`, dtype);
    case 'sigmoid':
      return dtype === 'float32' ? `h.sigmoidf(${x})` : rounded(`h.sigmoid(${x})`, dtype);
    case 'log':
    case 'sqrt':
    case 'floor':
      return rounded(`Math.${node.op}(${x})`, dtype);
    case 'erf':
      return rounded(`h.erf(${x})`, dtype);
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
  for (let j = 0; j < program.outputs.length; j++) lines.push(`const out${j} = outs[${j}];`);
  for (let c = 0; c < program.constants.length; c++) lines.push(`const k${c} = k[${c}];`);
  for (let d = 0; d < rank; d++) {
    lines.push(`const d${d} = dims[${d}];`);
    for (let i = 0; i < inputCount; i++) if (varies[i]![d]) lines.push(`const s${i}_${d} = strides[${i}][${d}];`);
  }
  lines.push('let o = 0;');
  // Input i's element offset once the loops down to dimension d have run: each loop adds its own
  // stride to the offset of the loop around it, so the innermost loop adds one product per input.
  const offset = (i: number, d: number): string => {
    for (let e = d; e >= 0; e--) if (varies[i]![e]) return `p${i}_${e}`;
    return '0';
  };
  const body: string[] = [];
  const names: string[] = [];
  program.nodes.forEach((node, n) => {
    const name = `v${n}`;
    names.push(name);
    if (node.op === 'input') {
      body.push(`const ${name} = x${node.index}[${offset(node.index, rank - 1)}];`);
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
  program.outputs.forEach((n, j) => {
    body.push(`out${j}[o] = ${names[n]};`);
  });
  body.push('o++;');
  let inner = body.join('\n');
  for (let d = rank - 1; d >= 0; d--) {
    const offsets = Array.from({ length: inputCount }, (_, i) => i)
      .filter((i) => varies[i]![d])
      .map((i) => `const p${i}_${d} = ${d === 0 ? '' : `${offset(i, d - 1)} + `}i${d} * s${i}_${d};`);
    inner = `for (let i${d} = 0; i${d} < d${d}; i${d}++) {\n${[...offsets, inner].join('\n')}\n}`;
  }
  lines.push(inner);
  return lines.join('\n');
}

const loops = new Map<string, ElementwiseLoop>();
let codegenRefused = false;

/** The generated loop, or the interpreter where the runtime refuses `new Function` (an EvalError under a CSP). */
function generatedLoop(program: ElementwiseProgram, layout: ElementwiseLayout): ElementwiseLoop {
  const source = `return (inputs, outs, dims, strides, k) => {\n${loopSource(program, layout)}\n};`;
  try {
    return new Function('h', source)(ELEMENTWISE_MATH) as ElementwiseLoop;
  } catch (error) {
    if (!(error instanceof EvalError)) throw error;
    codegenRefused = true;
    return interpretedLoop(program);
  }
}

/**
 * The loop of `program` over layouts like `layout` (the same merged rank and broadcast pattern),
 * generated as JavaScript once per program and layout key and cached; the interpreter
 * (`interpretedLoop`) where the runtime refuses to generate code.
 *
 * @example
 * ```ts
 * elementwiseLoop(program, layout)([x], [out], layout.dims, layout.strides, program.constants);
 * ```
 */
export function elementwiseLoop(program: ElementwiseProgram, layout: ElementwiseLayout): ElementwiseLoop {
  const key = `${program.key}|${layout.key}`;
  let loop = loops.get(key);
  if (loop === undefined) {
    loop = codegenRefused ? interpretedLoop(program) : generatedLoop(program, layout);
    loops.set(key, loop);
  }
  return loop;
}
