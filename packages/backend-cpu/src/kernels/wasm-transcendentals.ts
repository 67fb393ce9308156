import type { WasmCode } from '../wasm/wasm-writer.js';
import {
  EXP_MAX,
  EXP_MIN,
  EXP_POLY,
  LN2_HI,
  LN2_LO,
  LOG2E,
  TANH_SERIES,
  TANH_SERIES_BELOW,
} from './float32-transcendentals.js';

/**
 * The instructions one lane width needs, so that exp, sigmoid and tanh are written once for
 * f32x4 vectors and once-over for the scalar tail: floats (`f`) and their integer bits (`i`) are
 * v128 values in the vector form and f32 / i32 in the scalar one; a condition is a lane mask or
 * an i32, and `select` takes `a, b, condition` from the stack as `v128.bitselect` and `select` do.
 */
export interface LaneOps {
  /** The local types of a float, an integer and a condition. */
  readonly floatType: number;
  readonly intType: number;
  readonly conditionType: number;
  constant(code: WasmCode, value: number): void;
  add(code: WasmCode): void;
  sub(code: WasmCode): void;
  mul(code: WasmCode): void;
  div(code: WasmCode): void;
  floor(code: WasmCode): void;
  abs(code: WasmCode): void;
  neg(code: WasmCode): void;
  gt(code: WasmCode): void;
  lt(code: WasmCode): void;
  ge(code: WasmCode): void;
  ne(code: WasmCode): void;
  select(code: WasmCode): void;
  /** Float to integer, saturating (NaN to 0): never traps. */
  toInt(code: WasmCode): void;
  /** The integer's bits as a float. */
  bitsToFloat(code: WasmCode): void;
  intConstant(code: WasmCode, value: number): void;
  intAdd(code: WasmCode): void;
  intSub(code: WasmCode): void;
  /** Shifts left or right (arithmetic) by a constant. */
  shiftLeft(code: WasmCode, bits: number): void;
  shiftRight(code: WasmCode, bits: number): void;
}

const F32 = 0x7d;
const I32 = 0x7f;
const V128 = 0x7b;

/** f32x4 lanes. */
export const VECTOR_LANES: LaneOps = {
  floatType: V128,
  intType: V128,
  conditionType: V128,
  constant: (code, value) => code.op(0x43).f32(value).simd(0x13),
  add: (code) => code.simd(0xe4),
  sub: (code) => code.simd(0xe5),
  mul: (code) => code.simd(0xe6),
  div: (code) => code.simd(0xe7),
  floor: (code) => code.simd(0x68),
  abs: (code) => code.simd(0xe0),
  neg: (code) => code.simd(0xe1),
  gt: (code) => code.simd(0x44),
  lt: (code) => code.simd(0x43),
  ge: (code) => code.simd(0x46),
  ne: (code) => code.simd(0x42),
  select: (code) => code.simd(0x52),
  toInt: (code) => code.simd(0xf8),
  bitsToFloat: () => {},
  intConstant: (code, value) => code.op(0x41).i32(value).simd(0x11),
  intAdd: (code) => code.simd(0xae),
  intSub: (code) => code.simd(0xb1),
  shiftLeft: (code, bits) => code.op(0x41).i32(bits).simd(0xab),
  shiftRight: (code, bits) => code.op(0x41).i32(bits).simd(0xac),
};

/** One f32 (the scalar tail). */
export const SCALAR_LANES: LaneOps = {
  floatType: F32,
  intType: I32,
  conditionType: I32,
  constant: (code, value) => code.op(0x43).f32(value),
  add: (code) => code.op(0x92),
  sub: (code) => code.op(0x93),
  mul: (code) => code.op(0x94),
  div: (code) => code.op(0x95),
  floor: (code) => code.op(0x8e),
  abs: (code) => code.op(0x8b),
  neg: (code) => code.op(0x8c),
  gt: (code) => code.op(0x5e),
  lt: (code) => code.op(0x5d),
  ge: (code) => code.op(0x60),
  ne: (code) => code.op(0x5c),
  select: (code) => code.op(0x1b),
  toInt: (code) => code.op(0xfc).u32(0),
  bitsToFloat: (code) => code.op(0xbe),
  intConstant: (code, value) => code.op(0x41).i32(value),
  intAdd: (code) => code.op(0x6a),
  intSub: (code) => code.op(0x6b),
  shiftLeft: (code, bits) => code.op(0x41).i32(bits).op(0x74),
  shiftRight: (code, bits) => code.op(0x41).i32(bits).op(0x75),
};

/** Scratch locals of one lane width, taken by type and handed back in reverse order. */
export interface Scratch {
  take(type: number): number;
  release(local: number): void;
}

/**
 * Emits `out = e^x` in the steps of `expf` (float32-transcendentals.ts), on locals of the lanes'
 * float type; the same bits as `expf` in every lane.
 */
export function emitExp(code: WasmCode, lanes: LaneOps, scratch: Scratch, x: number, out: number): void {
  const get = (l: number) => code.op(0x20).u32(l);
  const set = (l: number) => code.op(0x21).u32(l);
  const n = scratch.take(lanes.floatType);
  const r = scratch.take(lanes.floatType);
  const p = scratch.take(lanes.floatType);
  const k = scratch.take(lanes.intType);
  const half = scratch.take(lanes.intType);
  const pow2 = (exponent: () => void) => {
    exponent();
    lanes.intConstant(code, 127);
    lanes.intAdd(code);
    lanes.shiftLeft(code, 23);
    lanes.bitsToFloat(code);
  };
  // n = floor(x log2 e + 1/2); r = (x - n ln2_hi) - n ln2_lo.
  get(x);
  lanes.constant(code, LOG2E);
  lanes.mul(code);
  lanes.constant(code, 0.5);
  lanes.add(code);
  lanes.floor(code);
  set(n);
  get(x);
  get(n);
  lanes.constant(code, LN2_HI);
  lanes.mul(code);
  lanes.sub(code);
  get(n);
  lanes.constant(code, LN2_LO);
  lanes.mul(code);
  lanes.sub(code);
  set(r);
  // p = ((P0 r + P1) r + ... + P5) r^2 + r + 1.
  lanes.constant(code, EXP_POLY[0]!);
  for (let i = 1; i < EXP_POLY.length; i++) {
    get(r);
    lanes.mul(code);
    lanes.constant(code, EXP_POLY[i]!);
    lanes.add(code);
  }
  get(r);
  get(r);
  lanes.mul(code);
  lanes.mul(code);
  get(r);
  lanes.add(code);
  lanes.constant(code, 1);
  lanes.add(code);
  set(p);
  // p 2^half 2^(n - half), half = n >> 1: both factors are normal, a subnormal result rounds once.
  get(n);
  lanes.toInt(code);
  set(k);
  get(k);
  lanes.shiftRight(code, 1);
  set(half);
  get(p);
  pow2(() => get(half));
  lanes.mul(code);
  pow2(() => {
    get(k);
    get(half);
    lanes.intSub(code);
  });
  lanes.mul(code);
  set(out);
  scratch.release(half);
  scratch.release(k);
  scratch.release(p);
  scratch.release(r);
  scratch.release(n);
  // Above EXP_MAX +inf, below EXP_MIN 0, NaN itself (the steps above gave garbage there).
  const override = (value: () => void, condition: () => void) => {
    value();
    get(out);
    condition();
    lanes.select(code);
    set(out);
  };
  const compare = (bound: number, op: (code: WasmCode) => void) => () => {
    get(x);
    lanes.constant(code, bound);
    op(code);
  };
  override(() => lanes.constant(code, Number.POSITIVE_INFINITY), compare(EXP_MAX, lanes.gt));
  override(() => lanes.constant(code, 0), compare(EXP_MIN, lanes.lt));
  override(
    () => get(x),
    () => {
      get(x);
      get(x);
      lanes.ne(code);
    },
  );
}

/**
 * Emits `out = sigmoid(x)` in the steps of `sigmoidf`: with `e = e^(-|x|)`, `1 / (1 + e)` where
 * x >= 0 and `e / (1 + e)` elsewhere.
 */
export function emitSigmoid(code: WasmCode, lanes: LaneOps, scratch: Scratch, x: number, out: number): void {
  const get = (l: number) => code.op(0x20).u32(l);
  const set = (l: number) => code.op(0x21).u32(l);
  const negAbs = scratch.take(lanes.floatType);
  const e = scratch.take(lanes.floatType);
  get(x);
  lanes.abs(code);
  lanes.neg(code);
  set(negAbs);
  emitExp(code, lanes, scratch, negAbs, e);
  // x >= 0 ? 1 / (1 + e) : e / (1 + e)
  lanes.constant(code, 1);
  get(e);
  lanes.constant(code, 1);
  lanes.add(code);
  lanes.div(code);
  get(e);
  get(e);
  lanes.constant(code, 1);
  lanes.add(code);
  lanes.div(code);
  get(x);
  lanes.constant(code, 0);
  lanes.ge(code);
  lanes.select(code);
  set(out);
  scratch.release(e);
  scratch.release(negAbs);
}

/**
 * Emits `out = tanh(x)` in the steps of `tanhf`: the Taylor series `x (1 + p s)` below |x| = 1/4, else
 * `(1 - e) / (1 + e)` with `e = e^(-2|x|)` and the sign of x.
 */
export function emitTanh(code: WasmCode, lanes: LaneOps, scratch: Scratch, x: number, out: number): void {
  const get = (l: number) => code.op(0x20).u32(l);
  const set = (l: number) => code.op(0x21).u32(l);
  const a = scratch.take(lanes.floatType);
  const e = scratch.take(lanes.floatType);
  const big = scratch.take(lanes.floatType);
  get(x);
  lanes.abs(code);
  set(a);
  get(a);
  lanes.constant(code, -2);
  lanes.mul(code);
  set(big);
  emitExp(code, lanes, scratch, big, e);
  // big = (1 - e) / (1 + e), negated where x < 0.
  lanes.constant(code, 1);
  get(e);
  lanes.sub(code);
  lanes.constant(code, 1);
  get(e);
  lanes.add(code);
  lanes.div(code);
  set(big);
  get(big);
  lanes.neg(code);
  get(big);
  get(x);
  lanes.constant(code, 0);
  lanes.lt(code);
  lanes.select(code);
  set(big);
  // small = x (1 + p s), p the series in s = x^2; e is free again.
  get(x);
  get(x);
  lanes.mul(code);
  set(e);
  lanes.constant(code, TANH_SERIES[TANH_SERIES.length - 1]!);
  for (let i = TANH_SERIES.length - 2; i >= 0; i--) {
    get(e);
    lanes.mul(code);
    lanes.constant(code, TANH_SERIES[i]!);
    lanes.add(code);
  }
  get(e);
  lanes.mul(code);
  lanes.constant(code, 1);
  lanes.add(code);
  get(x);
  lanes.mul(code);
  // |x| < 1/4 ? small : big
  get(big);
  get(a);
  lanes.constant(code, TANH_SERIES_BELOW);
  lanes.lt(code);
  lanes.select(code);
  set(out);
  scratch.release(big);
  scratch.release(e);
  scratch.release(a);
}
