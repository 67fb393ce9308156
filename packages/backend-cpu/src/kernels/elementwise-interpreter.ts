import {
  type DType,
  type ElementwiseProgram,
  makeTypedArray,
  type ProgramNode,
  StrataError,
  type TypedArray,
} from '@strata/core';
import type { ElementwiseLoop } from './elementwise-js.js';
import { ELEMENTWISE_MATH } from './elementwise-math.js';

const { floatPow, intPow, sigmoid, erf, expf, sigmoidf, tanhf } = ELEMENTWISE_MATH;

type Scalar = (x: number, y: number, z: number) => number;

/**
 * One primitive on numbers in double. Storing the result in an array of the node's dtype rounds it
 * as the generated loop does (float32 to nearest, int32 wrapping); bool results are 0 or 1 already.
 */
function scalarOp(node: ProgramNode, operandDtype: DType): Scalar {
  const int = node.dtype === 'int32';
  switch (node.op) {
    case 'add':
      return (x, y) => x + y;
    case 'mul':
      return int ? Math.imul : (x, y) => x * y;
    case 'div':
      return (x, y) => x / y;
    case 'max':
      return (x, y) => (x > y || Number.isNaN(x) ? x : y);
    case 'pow':
      return int ? intPow : floatPow;
    case 'eq':
      return (x, y) => (x === y ? 1 : 0);
    case 'lt':
      return (x, y) => (x < y ? 1 : 0);
    case 'where':
      return (x, y, z) => (x !== 0 ? y : z);
    case 'neg':
      return (x) => -x;
    case 'exp':
      return node.dtype === 'float32' ? expf : Math.exp;
    case 'tanh':
      return node.dtype === 'float32' ? tanhf : Math.tanh;
    case 'sigmoid':
      return node.dtype === 'float32' ? sigmoidf : sigmoid;
    case 'log':
    case 'sqrt':
    case 'floor':
      return Math[node.op];
    case 'erf':
      return erf;
    case 'cast':
      return node.dtype === 'bool' && operandDtype !== 'bool' ? (x) => (x !== 0 ? 1 : 0) : (x) => x;
    default:
      throw new StrataError(`Elementwise (cpu): a '${node.op}' node cannot be interpreted as an operation.`);
  }
}

/** `source` read at `strides` over the merged `dims`, in output order. */
function gather(source: TypedArray, into: TypedArray, dims: readonly number[], strides: readonly number[]): void {
  const rank = dims.length;
  const index = new Array<number>(rank).fill(0);
  let offset = 0;
  for (let o = 0; o < into.length; o++) {
    into[o] = source[offset]!;
    for (let d = rank - 1; d >= 0; d--) {
      offset += strides[d]!;
      if (++index[d]! < dims[d]!) break;
      offset -= strides[d]! * dims[d]!;
      index[d] = 0;
    }
  }
}

/**
 * The loop of `program` without generated code, for runtimes that refuse it (a Content Security
 * Policy without `unsafe-eval`): evaluates the program node by node, each over whole arrays of
 * the node's dtype, with the same results as the generated loop.
 *
 * @example
 * ```ts
 * interpretedLoop(program)([x], [out], layout.dims, layout.strides, program.constants);
 * ```
 */
export function interpretedLoop(program: ElementwiseProgram): ElementwiseLoop {
  return (inputs, outs, dims, strides, k) => {
    const size = outs[0]!.length;
    const values: TypedArray[] = [];
    for (const node of program.nodes) {
      const result = makeTypedArray(node.dtype, size);
      if (node.op === 'input') gather(inputs[node.index]!, result, dims, strides[node.index]!);
      else if (node.op === 'const') result.fill(k[node.index]!);
      else {
        const f = scalarOp(node, program.nodes[node.args[0]!]!.dtype);
        const [x, y, z] = node.args.map((a) => values[a]!);
        for (let i = 0; i < size; i++) result[i] = f(x![i]!, y?.[i] ?? 0, z?.[i] ?? 0);
      }
      values.push(result);
    }
    program.outputs.forEach((n, j) => {
      outs[j]!.set(values[n]!);
    });
  };
}
