import type { ElementwiseLayout, ElementwiseProgram, ProgramNode } from '@strata/core';
import type { GeneratedLoop } from '../wasm/thread-pool.js';
import { LOOP_ARGS } from '../wasm/thread-pool.js';
import type { WasmHeap } from '../wasm/wasm-heap.js';
import { moduleBytes, VALUE_TYPE, WasmCode } from '../wasm/wasm-writer.js';
import {
  emitExp,
  emitSigmoid,
  emitTanh,
  type LaneOps,
  SCALAR_LANES,
  type Scratch,
  VECTOR_LANES,
} from './wasm-transcendentals.js';

const { i32: I32, f32: F32, v128: V128 } = VALUE_TYPE;

/**
 * A generated WebAssembly loop: `run(...inputPointers, ...outPointers, ...constants, ...dims,
 * ...strideBytes)` (one output pointer per program output), with the stride arguments listed by
 * `strideArgs` as `[input, dim]` pairs.
 */
export interface WasmElementwise extends GeneratedLoop {
  readonly strideArgs: readonly (readonly [number, number])[];
}

/**
 * Loops over fewer elements run on the calling thread: waking the others costs more. A loop of
 * transcendentals (exp, log, tanh...) is worth splitting from 2^15 elements; one of arithmetic,
 * comparisons and selects is bound by memory, and on the 2-vCPU machine of ADR 0005 two threads
 * ran `mul` + `add` no faster than one at every size up to 2^22 elements (16 MiB), so it stays on one
 * thread below that.
 */
const PARALLEL_ELEMENTS = 1 << 15;
const PARALLEL_CHEAP_ELEMENTS = 1 << 22;
/** A part of a one-dimensional loop covers a multiple of this many elements, so its vector loop runs full. */
const FLAT_GRAIN = 1024;

// Primitives with one f32 / f32x4 instruction (or an exact select) that round as the JS loop does:
// IEEE add, mul, div and sqrt round the exact result once, as Math.fround of the double result does.
const VECTOR_OPS: Partial<Record<ProgramNode['op'], number>> = {
  add: 0xe4,
  mul: 0xe6,
  div: 0xe7,
  neg: 0xe1,
  sqrt: 0xe3,
  floor: 0x68,
  lt: 0x43,
};
const SCALAR_OPS: Partial<Record<ProgramNode['op'], number>> = {
  add: 0x92,
  mul: 0x94,
  div: 0x95,
  neg: 0x8c,
  sqrt: 0x91,
  floor: 0x8e,
  lt: 0x5d,
};

// Float32 exp, sigmoid and tanh as sequences of exact instructions: the float32-step algorithms
// the JavaScript loop and the interpreter run too (float32-transcendentals.ts).
const TRANSCENDENTALS: Partial<
  Record<ProgramNode['op'], (code: WasmCode, lanes: LaneOps, scratch: Scratch, x: number, out: number) => void>
> = { exp: emitExp, sigmoid: emitSigmoid, tanh: emitTanh };

/** Whether every output is float32 and every node a float32 or bool node the generated loop renders exactly. */
function renderable(program: ElementwiseProgram, layout: ElementwiseLayout): boolean {
  const { nodes } = program;
  if (program.outputs.some((n) => nodes[n]!.dtype !== 'float32')) return false;
  // Inputs are contiguous or broadcast, so the innermost merged dim has stride 1 or 0; SIMD relies on it.
  if (layout.strides.some((s) => s.length > 0 && s[s.length - 1]! > 1)) return false;
  return nodes.every((node) => {
    if (node.dtype !== 'float32' && node.dtype !== 'bool') return false;
    const operand = node.args.length > 0 ? nodes[node.args[0]!]!.dtype : undefined;
    switch (node.op) {
      case 'input':
        return node.dtype === 'float32';
      case 'const':
      case 'where':
      case 'cast':
        return true;
      case 'eq':
        return nodes[node.args[1]!]!.dtype === operand;
      case 'max':
        return node.dtype === 'float32';
      default:
        return (VECTOR_OPS[node.op] !== undefined || TRANSCENDENTALS[node.op] !== undefined) && operand === 'float32';
    }
  });
}

/** Local indices of one generated function, numbered after its parameters. */
class Locals {
  private readonly types: number[] = [];
  constructor(private readonly params: number) {}
  add(type: number): number {
    this.types.push(type);
    return this.params + this.types.length - 1;
  }
  declarations(): [number, number][] {
    return this.types.map((t) => [1, t]);
  }

  /** Scratch locals, reused once released. */
  scratch(): Scratch {
    const free = new Map<number, number[]>();
    const typeOf = new Map<number, number>();
    return {
      take: (type) => {
        const local = free.get(type)?.pop() ?? this.add(type);
        typeOf.set(local, type);
        return local;
      },
      release: (local) => {
        const type = typeOf.get(local)!;
        free.set(type, [...(free.get(type) ?? []), local]);
      },
    };
  }
}

/**
 * The module of the loop of `program` over `layout`: nested loops over the merged dims, the
 * innermost in f32x4 vectors (contiguous inputs loaded, broadcast ones splatted once per row) and
 * a scalar tail. Bool nodes are lane masks in the vector loop and 0/1 in the scalar one. Every
 * node of a vector (or element) is computed before its outputs are stored, so an output may be
 * an input read at the same elements.
 */
function generate(program: ElementwiseProgram, layout: ElementwiseLayout, shared: boolean) {
  const { nodes, constants, outputs } = program;
  const outputCount = outputs.length;
  const inputCount = layout.strides.length;
  const rank = Math.max(layout.dims.length, 1);
  const varies = (i: number, d: number) => (layout.strides[i]![d] ?? 0) !== 0;
  const strideArgs: [number, number][] = [];
  for (let i = 0; i < inputCount; i++) for (let d = 0; d < rank - 1; d++) if (varies(i, d)) strideArgs.push([i, d]);
  const params = [
    ...Array<number>(inputCount + outputCount).fill(I32),
    ...Array<number>(constants.length).fill(F32),
    ...Array<number>(rank + strideArgs.length).fill(I32),
  ];
  const outParam = (j: number) => inputCount + j;
  const constParam = (c: number) => inputCount + outputCount + c;
  const dimParam = (d: number) => inputCount + outputCount + constants.length + d;
  const strideParam = new Map(strideArgs.map(([i, d], j) => [`${i},${d}`, dimParam(rank) + j]));
  const locals = new Locals(params.length);
  const counter = Array.from({ length: rank }, () => locals.add(I32));
  const pointer = Array.from({ length: inputCount }, () => Array.from({ length: rank }, () => locals.add(I32)));
  const o = outputs.map(() => locals.add(I32));
  const vector = nodes.map(() => locals.add(V128));
  const scalar = nodes.map((n) => locals.add(n.dtype === 'float32' ? F32 : I32));
  const scratch = locals.scratch();
  const inner = rank - 1;
  const rowInvariant = (n: ProgramNode) => n.op === 'const' || (n.op === 'input' && !varies(n.index, inner));

  const code = new WasmCode();
  const get = (l: number) => code.op(0x20).u32(l);
  const set = (l: number) => code.op(0x21).u32(l);
  const addTo = (l: number, amount: () => void) => {
    get(l);
    amount();
    code.op(0x6a);
    set(l);
  };
  const splatZero = () => code.op(0x43).f32(0).simd(0x13);

  const emitVector = (node: ProgramNode, n: number, offset: number) => {
    const [x, y, z] = node.args.map((a) => vector[a]!);
    const from = node.args.length > 0 ? nodes[node.args[0]!]!.dtype : node.dtype;
    const transcendental = TRANSCENDENTALS[node.op];
    if (transcendental !== undefined) {
      transcendental(code, VECTOR_LANES, scratch, x!, vector[n]!);
      return;
    }
    switch (node.op) {
      case 'input':
        get(pointer[node.index]![inner]!).simd(0x00).u32(2).u32(offset);
        break;
      case 'max':
        // x > y || x !== x ? x : y, as the JS loop: max(+0, -0) is -0 and a NaN in x wins.
        get(x!);
        get(y!);
        get(x!);
        get(y!).simd(0x44);
        get(x!);
        get(x!).simd(0x42).simd(0x50).simd(0x52);
        break;
      case 'eq':
        get(x!);
        get(y!).simd(from === 'bool' ? 0x37 : 0x41);
        break;
      case 'where':
        get(y!);
        get(z!);
        get(x!).simd(0x52);
        break;
      case 'cast':
        get(x!);
        if (from === 'bool' && node.dtype === 'float32') code.op(0x43).f32(1).simd(0x13).simd(0x4e);
        else if (from === 'float32' && node.dtype === 'bool') splatZero().simd(0x42);
        break;
      default:
        for (const a of node.args) get(vector[a]!);
        code.simd(VECTOR_OPS[node.op]!);
    }
    set(vector[n]!);
  };

  const emitScalar = (node: ProgramNode, n: number) => {
    const [x, y, z] = node.args.map((a) => scalar[a]!);
    const from = node.args.length > 0 ? nodes[node.args[0]!]!.dtype : node.dtype;
    const transcendental = TRANSCENDENTALS[node.op];
    if (transcendental !== undefined) {
      transcendental(code, SCALAR_LANES, scratch, x!, scalar[n]!);
      return;
    }
    switch (node.op) {
      case 'input':
        get(pointer[node.index]![inner]!).op(0x2a).u32(2).u32(0);
        break;
      case 'max':
        get(x!);
        get(y!);
        get(x!);
        get(y!).op(0x5e);
        get(x!);
        get(x!).op(0x5c, 0x72, 0x1b);
        break;
      case 'eq':
        get(x!);
        get(y!).op(from === 'bool' ? 0x46 : 0x5b);
        break;
      case 'where':
        get(y!);
        get(z!);
        get(x!).op(0x1b);
        break;
      case 'cast':
        get(x!);
        if (from === 'bool' && node.dtype === 'float32') code.op(0xb3);
        else if (from === 'float32' && node.dtype === 'bool') code.op(0x43).f32(0).op(0x5c);
        break;
      default:
        for (const a of node.args) get(scalar[a]!);
        code.op(SCALAR_OPS[node.op]!);
    }
    set(scalar[n]!);
  };

  // Prologue: constants in both forms, the output pointer, the outermost input pointers.
  nodes.forEach((node, n) => {
    if (node.op !== 'const') return;
    get(constParam(node.index));
    if (node.dtype === 'bool') code.op(0x43).f32(0).op(0x5c);
    set(scalar[n]!);
    get(constParam(node.index)).simd(0x13);
    if (node.dtype === 'bool') splatZero().simd(0x42);
    set(vector[n]!);
  });
  o.forEach((local, j) => {
    get(outParam(j));
    set(local);
  });
  for (let i = 0; i < inputCount; i++) {
    get(i);
    set(pointer[i]![0]!);
  }

  const loopWhileBelow = (c: number, limit: () => void, body: () => void) => {
    code.op(0x03, 0x40);
    body();
    get(c);
    limit();
    code.op(0x49, 0x0d).u32(0).op(0x0b);
  };

  const emitRow = () => {
    nodes.forEach((node, n) => {
      if (node.op !== 'input' || varies(node.index, inner)) return;
      get(pointer[node.index]![inner]!).op(0x2a).u32(2).u32(0);
      code.op(0x22).u32(scalar[n]!).simd(0x13);
      set(vector[n]!);
    });
    const c = counter[inner]!;
    const n = dimParam(inner);
    const advance = (bytes: number) => {
      for (const local of o) addTo(local, () => code.op(0x41).i32(bytes));
      for (let i = 0; i < inputCount; i++) {
        if (varies(i, inner)) addTo(pointer[i]![inner]!, () => code.op(0x41).i32(bytes));
      }
    };
    code.op(0x41).i32(0);
    set(c);
    // Eight elements a step (two vectors, fewer loop overheads), then one more vector if 4 remain.
    const vectorStep = (lanes: number) => {
      for (let offset = 0; offset < lanes * 4; offset += 16) {
        nodes.forEach((node, k) => {
          if (!rowInvariant(node)) emitVector(node, k, offset);
        });
        outputs.forEach((node, j) => {
          get(o[j]!);
          get(vector[node]!).simd(0x0b).u32(2).u32(offset);
        });
      }
      advance(lanes * 4);
      addTo(c, () => code.op(0x41).i32(lanes));
    };
    const remainAtLeast = (lanes: number) => {
      get(c);
      code.op(0x41).i32(lanes).op(0x6a);
      get(n);
      code.op(0x4d);
    };
    code.op(0x02, 0x40);
    remainAtLeast(8);
    code.op(0x45, 0x0d).u32(0).op(0x03, 0x40);
    vectorStep(8);
    remainAtLeast(8);
    code.op(0x0d).u32(0).op(0x0b, 0x0b);
    code.op(0x02, 0x40);
    remainAtLeast(4);
    code.op(0x45, 0x0d).u32(0);
    vectorStep(4);
    code.op(0x0b);
    // Scalar tail.
    code.op(0x02, 0x40);
    get(c);
    get(n);
    code.op(0x4f, 0x0d).u32(0);
    loopWhileBelow(
      c,
      () => get(n),
      () => {
        nodes.forEach((node, k) => {
          if (!rowInvariant(node)) emitScalar(node, k);
        });
        outputs.forEach((node, j) => {
          get(o[j]!);
          get(scalar[node]!).op(0x38).u32(2).u32(0);
        });
        advance(4);
        addTo(c, () => code.op(0x41).i32(1));
      },
    );
    code.op(0x0b);
  };

  const emitLevel = (d: number) => {
    if (d === inner) {
      emitRow();
      return;
    }
    code.op(0x41).i32(0);
    set(counter[d]!);
    loopWhileBelow(
      counter[d]!,
      () => get(dimParam(d)),
      () => {
        for (let i = 0; i < inputCount; i++) {
          get(pointer[i]![d]!);
          set(pointer[i]![d + 1]!);
        }
        emitLevel(d + 1);
        for (let i = 0; i < inputCount; i++) {
          const stride = strideParam.get(`${i},${d}`);
          if (stride !== undefined) addTo(pointer[i]![d]!, () => get(stride));
        }
        addTo(counter[d]!, () => code.op(0x41).i32(1));
      },
    );
  };
  emitLevel(0);

  const bytes = moduleBytes({ params, locals: locals.declarations(), body: code }, shared);
  return { bytes, strideArgs };
}

// Per heap, since an instance is bound to one memory.
const compiled = new WeakMap<WasmHeap, Map<string, WasmElementwise | null>>();
let refused = false;
let modules = 0;

/**
 * The WebAssembly loop of `program` over layouts like `layout` on `heap`'s memory, generated once
 * per program and layout key; `undefined` when the program has a node it does not render (int32,
 * log, erf, pow: the JS loop runs those) or the runtime refuses to compile generated
 * code (a CSP without `wasm-unsafe-eval`).
 *
 * @example
 * ```ts
 * const loop = wasmElementwise(heap, compileExpr(x.add(y)), layout);
 * ```
 */
export function wasmElementwise(
  heap: WasmHeap,
  program: ElementwiseProgram,
  layout: ElementwiseLayout,
): WasmElementwise | undefined {
  if (refused) return undefined;
  const key = `${program.key}|${layout.key}`;
  let cache = compiled.get(heap);
  if (cache === undefined) {
    cache = new Map();
    compiled.set(heap, cache);
  }
  let entry = cache.get(key);
  if (entry === undefined) {
    entry = null;
    if (renderable(program, layout)) {
      const shared = typeof SharedArrayBuffer === 'function' && heap.memory.buffer instanceof SharedArrayBuffer;
      const { bytes, strideArgs } = generate(program, layout, shared);
      let module: WebAssembly.Module;
      try {
        module = new WebAssembly.Module(bytes);
      } catch (error) {
        // A valid module that fails to compile means the runtime forbids generated code; stop asking.
        if (!WebAssembly.validate(bytes)) throw error;
        refused = true;
        return undefined;
      }
      const instance = new WebAssembly.Instance(module, { env: { memory: heap.memory } });
      entry = { id: ++modules, bytes, run: instance.exports.run as (...args: number[]) => void, strideArgs };
    }
    cache.set(key, entry);
  }
  return entry ?? undefined;
}

/**
 * Runs `loop` (generated for `program` and `layout`) over the heap's float32 arrays at `inputs`
 * into `outs` (one per program output; each may be an input of the output's shape: every element
 * is read before it is written). Big loops
 * are split across the kernel threads by the outermost dim (by runs of {@link FLAT_GRAIN}
 * elements when there is one dim); every element is computed the same way in any part, so the
 * result is bit-identical for every thread count.
 *
 * @example
 * ```ts
 * runWasmLoop(heap, loop, program, layout, [a, b], [out]);
 * ```
 */
export function runWasmLoop(
  heap: WasmHeap,
  loop: WasmElementwise,
  program: ElementwiseProgram,
  layout: ElementwiseLayout,
  inputs: readonly number[],
  outs: readonly number[],
): void {
  const dims = layout.dims.length === 0 ? [1] : layout.dims;
  const strides = loop.strideArgs.map(([i, d]) => 4 * layout.strides[i]![d]!);
  const outer = dims[0]!;
  const rest = dims.slice(1);
  const inner = rest.reduce((a, b) => a * b, 1);
  const argCount = inputs.length + outs.length + program.constants.length + dims.length + strides.length;
  const cheap = program.nodes.every((node) => TRANSCENDENTALS[node.op] === undefined);
  const grain =
    outer * inner < (cheap ? PARALLEL_CHEAP_ELEMENTS : PARALLEL_ELEMENTS) || argCount > LOOP_ARGS
      ? outer
      : dims.length === 1
        ? FLAT_GRAIN
        : Math.ceil(FLAT_GRAIN / inner);
  heap.parallelLoop(loop, outer, grain, (begin, end) => [
    ...inputs.map((pointer, i) => pointer + 4 * begin * (layout.strides[i]![0] ?? 0)),
    ...outs.map((out) => out + 4 * begin * inner),
    ...program.constants,
    end - begin,
    ...rest,
    ...strides,
  ]);
}
