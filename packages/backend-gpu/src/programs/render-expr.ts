import { type DType, type ElementwiseProgram, type ProgramNode, StrataError } from '@strata/core';
import { num } from './index-math.js';

/** tanh's Taylor series after its first term, in Horner form over `s` = x^2: -1/3, 2/15, -17/315, ... */
const tanhSeries = (s: string): string =>
  [-1 / 3, 2 / 15, -17 / 315, 62 / 2835, -1382 / 155925].reduceRight(
    (inner, c) => (inner === '' ? num(c) : `${num(c)} + ${s} * (${inner})`),
    '',
  );

const INF = num(Number.POSITIVE_INFINITY);
const NAN = num(Number.NaN);
const INFINITE = (x: string): string => `Math.abs(${x}) > 3.4028234e38`;
/** Whether the exponent `b` is an odd integer. */
const ODD = (b: string): string => `(${b} == Math.floor(${b}) && ${b} - 2.0 * Math.floor(${b} / 2.0) != 0.0)`;

/**
 * C's `pow` (and torch.pow) where GLSL's is undefined: a negative base, 0^0, zero or infinite
 * operands, and NaN (which propagates, except that x^0 and 1^y are 1).
 */
const pow = (a: string, b: string): string =>
  `(${b} == 0.0 || ${a} == 1.0 ? 1.0 : (${a} != ${a} || ${b} != ${b} ? ${a} + ${b} : (${INFINITE(b)} ? (Math.abs(${a}) == 1.0 ? 1.0 : (Math.abs(${a}) > 1.0 ? (${b} > 0.0 ? ${INF} : 0.0) : (${b} > 0.0 ? 0.0 : ${INF}))) : (${a} == 0.0 || ${INFINITE(a)} ? ((${a} < 0.0 || 1.0 / ${a} < 0.0) && ${ODD(b)} ? -1.0 : 1.0) * (${a} == 0.0 ? (${b} < 0.0 ? ${INF} : 0.0) : (${b} < 0.0 ? 0.0 : ${INF})) : (${a} < 0.0 ? (${b} == Math.floor(${b}) ? (${ODD(b)} ? -1.0 : 1.0) * Math.pow(-${a}, ${b}) : (${a} - ${a}) / (${a} - ${a})) : Math.pow(${a}, ${b}))))))`;

/** Statements that set `name` to `value` rounded to the node's dtype (int32 wraps to 32 bits). */
function assign(name: string, value: string, dtype: DType): string {
  if (dtype !== 'int32') return `let ${name} = ${value};`;
  return `let ${name}w = Math.floor(${value} + 0.5);\nlet ${name} = ${name}w - Math.floor((${name}w + 2147483648.0) / 4294967296.0) * 4294967296.0;`;
}

/** Statements computing node `name` from the variables of its operands. */
function render(node: ProgramNode, name: string, a: readonly string[], operandDtype: DType): string {
  const [x, y, z] = a as [string, string, string];
  const { dtype } = node;
  switch (node.op) {
    case 'add':
      return assign(name, `${x} + ${y}`, dtype);
    case 'mul':
      return assign(name, `${x} * ${y}`, dtype);
    case 'div':
      return assign(name, `${x} / ${y}`, dtype);
    // NaN wins, as in torch.maximum.
    case 'max':
      return assign(name, `(${x} != ${x} ? ${x} : (${y} != ${y} ? ${y} : Math.max(${x}, ${y})))`, dtype);
    case 'pow':
      return assign(name, pow(x, y), dtype);
    case 'eq':
      return assign(name, `(${x} == ${y} ? 1.0 : 0.0)`, dtype);
    // NaN is tested first: without it, Mesa folds `x < lo ? lo : x` (clamp's lower bound) into a
    // max, which drops the NaN.
    case 'lt':
      return assign(name, `(${x} != ${x} || ${y} != ${y} ? 0.0 : (${x} < ${y} ? 1.0 : 0.0))`, dtype);
    case 'where':
      return assign(name, `(${x} != 0.0 ? ${y} : ${z})`, dtype);
    case 'neg':
      return assign(name, `-${x}`, dtype);
    // The extremes are spelled out: GL's exp and log are approximations, and SwiftShader's log(0)
    // is -88 (the log of the smallest float), not -inf. Below -104 float32 exp is 0 anyway. NaN
    // is passed through, and made for a negative log, by hand: SwiftShader's exp(NaN) is Infinity
    // and its log(NaN) and log(-Infinity) are finite.
    case 'exp':
      return assign(name, `(${x} != ${x} ? ${x} : (${x} < -104.0 ? 0.0 : Math.exp(${x})))`, dtype);
    case 'log':
      return assign(
        name,
        `(${x} != ${x} ? ${x} : (${x} < 0.0 ? ${NAN} : (${x} == 0.0 ? ${num(Number.NEGATIVE_INFINITY)} : Math.log(${x}))))`,
        dtype,
      );
    case 'sqrt':
      return assign(name, `Math.sqrt(${x})`, dtype);
    // exp of -2|x| never overflows, unlike the textbook (e^2x - 1) / (e^2x + 1); below |x| = 1/4,
    // where 1 - e cancels, the Taylor series to x^11 is exact to float32 (x^13's term is < 1e-8 x).
    case 'tanh':
      return [
        `let ${name}e = Math.exp(-2.0 * Math.abs(${x}));`,
        `let ${name}t = (1.0 - ${name}e) / (1.0 + ${name}e);`,
        `let ${name}s = ${x} * ${x};`,
        `let ${name}p = ${x} * (1.0 + ${name}s * (${tanhSeries(`${name}s`)}));`,
        assign(name, `(Math.abs(${x}) < 0.25 ? ${name}p : ${x} < 0.0 ? -${name}t : ${name}t)`, dtype),
      ].join('\n');
    case 'sigmoid':
      return assign(name, `(${x} != ${x} ? ${x} : 1.0 / (1.0 + Math.exp(-${x})))`, dtype);
    case 'floor':
      return assign(name, `Math.floor(${x})`, dtype);
    // The all-positive series 2/sqrt(pi) e^(-x^2) sum 2^n x^(2n+1) / (1 * 3 * ... * (2n+1)) has
    // no cancellation; 64 terms reach float32 precision below 4, and float32 erf is 1 beyond.
    case 'erf':
      return [
        `let ${name}a = Math.abs(${x});`,
        `let ${name}q = ${name}a < 4.0 ? ${name}a * ${name}a : 0.0;`,
        `let ${name}t = ${name}a < 4.0 ? ${name}a : 0.0;`,
        `let ${name}s = ${name}t;`,
        `for (let k = 1; k < 64; k++) { ${name}t = (${name}t * 2.0 * ${name}q) / (2.0 * k + 1.0); ${name}s = ${name}s + ${name}t; }`,
        `let ${name}r = ${name}a < 4.0 ? 1.1283791670955126 * Math.exp(-${name}q) * ${name}s : 1.0;`,
        assign(name, `(${x} != ${x} ? ${x} : (${x} < 0.0 ? -${name}r : ${name}r))`, dtype),
      ].join('\n');
    case 'cast':
      if (dtype === 'bool') return assign(name, `(${x} != 0.0 ? 1.0 : 0.0)`, dtype);
      if (dtype === 'int32' && operandDtype === 'float32') {
        return assign(name, `(${x} < 0.0 ? Math.ceil(${x}) : Math.floor(${x}))`, dtype);
      }
      return assign(name, x, dtype);
    default:
      throw new StrataError(`renderExpr (gpu): a '${node.op}' node cannot be rendered as an operation.`);
  }
}

/**
 * Statements computing `program` node by node, each node in a variable named `${prefix}v${n}`:
 * `input(i)` leaves read the gpu.js expression `input(i)`, constants read the float uniforms
 * `${prefix}s0, ${prefix}s1, ...` (in the order of `program.constants`), so that a changing
 * value runs the same compiled program. Returns the statements, the variable holding the result,
 * and the uniforms' parameter names.
 *
 * @example
 * ```ts
 * const { statements, result, constants } = renderExpr(compileExpr(expr), (i) => `x${i}[this.thread.x]`, '');
 * const source = `function(x0, ${constants.join(', ')}) {\n${statements.join('\n')}\nreturn ${result};\n}`;
 * ```
 */
export function renderExpr(
  program: ElementwiseProgram,
  input: (index: number) => string,
  prefix: string,
): { statements: string[]; result: string; constants: string[] } {
  const statements: string[] = [];
  const names: string[] = [];
  program.nodes.forEach((node, n) => {
    const name = `${prefix}v${n}`;
    names.push(name);
    if (node.op === 'input') {
      statements.push(`let ${name} = ${input(node.index)};`);
    } else if (node.op === 'const') {
      statements.push(`let ${name} = ${prefix}s${node.index};`);
    } else {
      const operandDtype = program.nodes[node.args[0]!]!.dtype;
      statements.push(
        render(
          node,
          name,
          node.args.map((a) => names[a]!),
          operandDtype,
        ),
      );
    }
  });
  return {
    statements,
    result: names[names.length - 1]!,
    constants: program.constants.map((_, i) => `${prefix}s${i}`),
  };
}
