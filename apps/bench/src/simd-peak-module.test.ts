import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  PEAK_PROBE_SHAPE,
  type PeakFlavour,
  type PeakProbeShape,
  peakProbeBytes,
  peakProbeExpected,
  peakProbeFlops,
} from './simd-peak-module.js';

const RELAXED_MADD = [0xfd, 0x85, 0x02];
const F32X4_MUL = [0xfd, 0xe6, 0x01];

function contains(bytes: Uint8Array, needle: readonly number[]): boolean {
  for (let i = 0; i + needle.length <= bytes.length; i++) if (needle.every((b, j) => bytes[i + j] === b)) return true;
  return false;
}

/** Runs the probe for `iterations` and returns its stored accumulators. */
function accumulators(shape: PeakProbeShape, iterations: number): Float32Array {
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(peakProbeBytes(shape)));
  (exports.run as (n: number) => void)(iterations);
  return new Float32Array((exports.memory as WebAssembly.Memory).buffer, 0, shape.chains * 4).slice();
}

/**
 * The accumulators after `iterations`, computed in a Node that validates relaxed SIMD: this one,
 * or a child Node started with V8's relaxed SIMD flag (Node 20 ships it behind the flag).
 */
function relaxedAccumulators(shape: PeakProbeShape, iterations: number): Float32Array {
  if (WebAssembly.validate(peakProbeBytes(shape))) return accumulators(shape, iterations);
  const bytes = Buffer.from(peakProbeBytes(shape)).toString('base64');
  const script = `const { exports } = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from('${bytes}', 'base64')));
exports.run(${iterations});
console.log(JSON.stringify([...new Float32Array(exports.memory.buffer, 0, ${shape.chains * 4})]));`;
  const child = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', '-e', script], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`relaxed SIMD probe in a child Node failed: ${child.stderr}`);
  return Float32Array.from(JSON.parse(child.stdout) as number[]);
}

const shape = (flavour: PeakFlavour): PeakProbeShape => ({ flavour, ...PEAK_PROBE_SHAPE });

describe('peakProbeBytes', () => {
  it('is a valid SIMD128 module in this runtime, with f32x4.mul and no relaxed instruction', () => {
    const bytes = peakProbeBytes(shape('simd128'));
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(contains(bytes, F32X4_MUL)).toBe(true);
    expect(contains(bytes, RELAXED_MADD)).toBe(false);
  });

  it('steps every lane of every accumulator through acc * 0.5 + 0.5, unroll times per iteration', () => {
    const got = accumulators(shape('simd128'), 4);
    // Lane 0 of accumulator 0 starts at 0: 0.5, 0.75, 0.875, 0.9375 after 4 steps.
    expect(got[0]).toBe(0.9375);
    // Lane 3 of accumulator 13 starts at 55: 28, 14.5, 7.75, 4.375.
    expect(got[55]).toBe(4.375);
    expect(got).toEqual(peakProbeExpected(shape('simd128'), 4));
    const unrolled = { flavour: 'simd128' as const, chains: 3, unroll: 4 };
    expect(accumulators(unrolled, 1)[0]).toBe(0.9375);
    expect(accumulators(unrolled, 2)).toEqual(peakProbeExpected(unrolled, 2));
    expect(accumulators(shape('simd128'), 3)).toEqual(peakProbeExpected(shape('simd128'), 3));
  });

  it('leaves the accumulators at their start values for zero iterations', () => {
    expect(Array.from(accumulators(shape('simd128'), 0))).toEqual(Array.from({ length: 56 }, (_, i) => i));
  });

  it('uses f32x4.relaxed_madd in the relaxed flavour, and computes the same values (the product is exact)', () => {
    const bytes = peakProbeBytes(shape('relaxed-simd'));
    expect(contains(bytes, RELAXED_MADD)).toBe(true);
    expect(contains(bytes, F32X4_MUL)).toBe(false);
    expect(relaxedAccumulators(shape('relaxed-simd'), 3)).toEqual(peakProbeExpected(shape('relaxed-simd'), 3));
  });

  it('counts a multiply and an add on 4 lanes per accumulator step', () => {
    expect(peakProbeFlops(shape('simd128'), 1000)).toBe(1000 * 14 * 8);
    expect(peakProbeFlops({ flavour: 'simd128', chains: 3, unroll: 4 }, 1000)).toBe(1000 * 3 * 4 * 8);
  });

  it('rejects a shape without accumulators', () => {
    expect(() => peakProbeBytes({ flavour: 'simd128', chains: 0, unroll: 4 })).toThrow(
      'peakProbeBytes: expected positive integer chains and unroll, got 0 and 4; use PEAK_PROBE_SHAPE.',
    );
  });
});
