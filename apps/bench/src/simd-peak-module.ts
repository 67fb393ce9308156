/**
 * The two ways a SIMD128 kernel multiplies and adds: `f32x4.mul` then `f32x4.add` (SIMD128), or one
 * `f32x4.relaxed_madd` (relaxed SIMD, a fused multiply-add where the CPU has one).
 *
 * @example
 * ```ts
 * const flavour: PeakFlavour = 'relaxed-simd';
 * ```
 */
export type PeakFlavour = 'simd128' | 'relaxed-simd';

/**
 * The shape of the register-only probe: `chains` independent f32x4 accumulators, each stepped
 * `unroll` times per loop iteration.
 *
 * @example
 * ```ts
 * const shape: PeakProbeShape = { flavour: 'simd128', chains: 14, unroll: 1 };
 * ```
 */
export interface PeakProbeShape {
  flavour: PeakFlavour;
  chains: number;
  unroll: number;
}

/**
 * 14 chains: a step is a multiply then a dependent add (3 + 3 cycles on current x86 cores), so
 * keeping two multiply and two add pipes busy takes 12 chains in flight; 14 accumulators and the
 * one constant fit in the 15 xmm registers V8 allocates, so nothing spills to memory. One step per
 * chain and iteration: all of an iteration's steps are independent whatever order V8 emits them in
 * (it groups a chain's unrolled steps together), and the loop's counter runs on the integer pipes.
 *
 * @example
 * ```ts
 * const bytes = peakProbeBytes({ flavour: 'simd128', ...PEAK_PROBE_SHAPE });
 * ```
 */
export const PEAK_PROBE_SHAPE: Omit<PeakProbeShape, 'flavour'> = { chains: 14, unroll: 1 };

/**
 * The constant of the recurrence acc = acc * HALF + HALF: one register for both operands, and the
 * product is exact, so fused and unfused multiply-adds agree bit for bit.
 */
const PEAK_HALF = 0.5;

/**
 * FLOPs one call of the probe's `run(iterations)` does: a multiply and an add on 4 lanes per step.
 *
 * @example
 * ```ts
 * peakProbeFlops({ flavour: 'simd128', chains: 14, unroll: 1 }, 1000); // 112000
 * ```
 */
export function peakProbeFlops(shape: PeakProbeShape, iterations: number): number {
  return iterations * shape.chains * shape.unroll * 4 * 2;
}

/**
 * The start value of lane `lane` of accumulator `chain` (distinct, so a test can tell lanes apart).
 *
 * @example
 * ```ts
 * peakStartValue(1, 2); // 6
 * ```
 */
export function peakStartValue(chain: number, lane: number): number {
  return chain * 4 + lane;
}

const OP = {
  block: 0x02,
  loop: 0x03,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32Sub: 0x6b,
  void: 0x40,
  i32: 0x7f,
  v128: 0x7b,
} as const;
/** Opcodes after the 0xfd SIMD prefix, as LEB128 bytes. */
const SIMD = {
  store: [0x0b],
  const: [0x0c],
  f32x4Add: [0xe4, 0x01],
  f32x4Mul: [0xe6, 0x01],
  relaxedMadd: [0x85, 0x02],
} as const;

function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v === 0 ? byte : byte | 0x80);
  } while (v !== 0);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function sized(content: number[]): number[] {
  return [...uleb(content.length), ...content];
}

function name(text: string): number[] {
  return sized([...new TextEncoder().encode(text)]);
}

function f32x4Const(values: readonly number[]): number[] {
  const bytes = new Uint8Array(Float32Array.from(values).buffer);
  return [0xfd, ...SIMD.const, ...bytes];
}

/**
 * The probe as a WebAssembly binary, written byte by byte (the CPU backend's module writer is
 * internal to its package, and this module needs its own memory and an exported result).
 * It exports `memory` (one page) and `run(iterations: i32)`, which steps every accumulator
 * `iterations × unroll` times through acc = acc × 0.5 + 0.5 with operands in locals only, then
 * stores accumulator k at byte 16k, so that the only memory traffic is the final stores.
 *
 * @example
 * ```ts
 * const module = new WebAssembly.Module(peakProbeBytes({ flavour: 'simd128', ...PEAK_PROBE_SHAPE }));
 * ```
 */
export function peakProbeBytes(shape: PeakProbeShape): Uint8Array<ArrayBuffer> {
  const { chains, unroll, flavour } = shape;
  if (!Number.isInteger(chains) || chains < 1 || !Number.isInteger(unroll) || unroll < 1)
    throw new Error(
      `peakProbeBytes: expected positive integer chains and unroll, got ${chains} and ${unroll}; use PEAK_PROBE_SHAPE.`,
    );
  const half = chains;
  const body: number[] = [];
  for (let k = 0; k < chains; k++)
    body.push(...f32x4Const([0, 1, 2, 3].map((lane) => peakStartValue(k, lane))), OP.localSet, ...uleb(1 + k));
  body.push(...f32x4Const([PEAK_HALF, PEAK_HALF, PEAK_HALF, PEAK_HALF]), OP.localSet, ...uleb(1 + half));
  body.push(OP.block, OP.void, OP.loop, OP.void);
  body.push(OP.localGet, 0, OP.i32Eqz, OP.brIf, 1);
  const get = (local: number) => [OP.localGet, ...uleb(1 + local)];
  for (let u = 0; u < unroll; u++) {
    for (let k = 0; k < chains; k++) {
      if (flavour === 'relaxed-simd') body.push(...get(k), ...get(half), ...get(half), 0xfd, ...SIMD.relaxedMadd);
      else body.push(...get(k), ...get(half), 0xfd, ...SIMD.f32x4Mul, ...get(half), 0xfd, ...SIMD.f32x4Add);
      body.push(OP.localSet, ...uleb(1 + k));
    }
  }
  body.push(OP.localGet, 0, OP.i32Const, 1, OP.i32Sub, OP.localSet, 0, OP.br, 0, OP.end, OP.end);
  // v128.store with alignment 2^4 and offset 0.
  for (let k = 0; k < chains; k++) body.push(OP.i32Const, ...sleb(16 * k), ...get(k), 0xfd, ...SIMD.store, 4, 0);
  body.push(OP.end);
  const fn = [...uleb(1), ...uleb(chains + 1), OP.v128, ...body];

  const section = (id: number, content: number[]) => [id, ...sized(content)];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(0x01, [1, 0x60, 1, OP.i32, 0]),
    ...section(0x03, [1, 0]),
    ...section(0x05, [1, 0x00, 1]),
    ...section(0x07, [2, ...name('run'), 0x00, 0, ...name('memory'), 0x02, 0]),
    ...section(0x0a, [1, ...sized(fn)]),
  ]);
}

/**
 * What the probe's accumulators hold after `run(iterations)`, computed in float32 in JavaScript:
 * lane j of accumulator k at byte 16k + 4j.
 *
 * @example
 * ```ts
 * const expected = peakProbeExpected({ flavour: 'simd128', ...PEAK_PROBE_SHAPE }, 3);
 * ```
 */
export function peakProbeExpected(shape: PeakProbeShape, iterations: number): Float32Array {
  const out = new Float32Array(shape.chains * 4);
  for (let i = 0; i < out.length; i++) {
    let v = Math.fround(peakStartValue(Math.floor(i / 4), i % 4));
    for (let s = 0; s < iterations * shape.unroll; s++) v = Math.fround(Math.fround(v * PEAK_HALF) + PEAK_HALF);
    out[i] = v;
  }
  return out;
}
