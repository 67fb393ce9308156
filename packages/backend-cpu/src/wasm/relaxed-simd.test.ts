import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleGemmFlavour } from './__fixtures__/bundle-gemm-flavour.js';
import { GEMM_CASES, type GemmCase, gemmOperands } from './__fixtures__/gemm-cases.js';
import { KERNELS_RELAXED_WASM_BASE64 } from './kernels-wasm.generated.js';

// Each flavour runs in a process of its own, because a process loads one: STRATA_WASM=simd128
// forces the plain kernels, and the relaxed ones need a runtime that validates relaxed SIMD.
// Node 20 does only under --experimental-wasm-relaxed-simd (Node >= 22 by default), so the flag
// is added where this runtime refuses the module and a probe shows that the flag makes it validate.
const RELAXED_FLAG = '--experimental-wasm-relaxed-simd';
const VALIDATES = `process.exit(WebAssembly.validate(Buffer.from(process.argv.at(-1), 'base64')) ? 0 : 3)`;

interface FlavourRun {
  flavour: string;
  products: string[];
  threadMismatches: number[];
  threadCounts: number[];
}

let dir = '';
let program = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'strata-relaxed-simd-'));
  program = await bundleGemmFlavour(dir);
}, 60_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function relaxedArgs(): { args: string[] } | { skipped: string } {
  if (WebAssembly.validate(Buffer.from(KERNELS_RELAXED_WASM_BASE64, 'base64'))) return { args: [] };
  const probe = spawnSync(process.execPath, [RELAXED_FLAG, '-e', VALIDATES, KERNELS_RELAXED_WASM_BASE64], {
    encoding: 'utf8',
  });
  if (probe.status === 0) return { args: [RELAXED_FLAG] };
  return {
    skipped: `Node ${process.version} validates relaxed SIMD neither by default nor with ${RELAXED_FLAG} (exit ${probe.status}${probe.stderr ? `: ${probe.stderr.trim()}` : ''})`,
  };
}

function runFlavour(args: string[], env: Record<string, string>): FlavourRun {
  const child = spawnSync(process.execPath, [...args, program], {
    encoding: 'utf8',
    env: { ...process.env, STRATA_NUM_THREADS: '1', ...env },
  });
  if (child.status !== 0) throw new Error(`gemm-flavour exited ${child.status}: ${child.stderr}`);
  return JSON.parse(child.stdout) as FlavourRun;
}

function decode(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
}

// The float64 product and, per element, the first-order float32 rounding bound of any summation order, fused
// or not: (k + 1) * 2^-24 * sum |a_ip b_pj| (plus |c| when accumulating). Both flavours within it
// of the float64 product agree with each other within twice that.
function reference(c: GemmCase, index: number): { exact: Float64Array; bound: Float64Array } {
  const { a, b, c: c0 } = gemmOperands(c, index + 1);
  const exact = new Float64Array(c.m * c.n);
  const bound = new Float64Array(c.m * c.n);
  const unit = (c.k + 1) * 2 ** -24;
  for (let i = 0; i < c.m; i++) {
    for (let j = 0; j < c.n; j++) {
      let sum = c.accumulate ? c0[i * c.n + j]! : 0;
      let magnitude = Math.abs(sum);
      for (let p = 0; p < c.k; p++) {
        const x = a[c.transposeA ? p * c.m + i : i * c.k + p]!;
        const y = b[c.transposeB ? j * c.k + p : p * c.n + j]!;
        sum += x * y;
        magnitude += Math.abs(x * y);
      }
      exact[i * c.n + j] = sum;
      bound[i * c.n + j] = unit * magnitude;
    }
  }
  return { exact, bound };
}

/** Elements of `actual` farther than `bound` from `expected`, as "index: actual vs expected" lines. */
function outside(actual: Float32Array, expected: Float64Array, bound: Float64Array): string[] {
  const bad: string[] = [];
  for (let i = 0; i < actual.length; i++) {
    if (!(Math.abs(actual[i]! - expected[i]!) <= bound[i]!)) bad.push(`${i}: ${actual[i]} vs ${expected[i]}`);
  }
  return bad.slice(0, 5);
}

describe('the relaxed-SIMD and SIMD128 kernels', () => {
  it('each give bit-identical GEMMs on 1, 2 and 3 threads, within float32 rounding of the float64 product', {
    timeout: 120_000,
  }, (context) => {
    const relaxed = relaxedArgs();
    if ('skipped' in relaxed) {
      console.warn(`relaxed-SIMD comparison skipped: ${relaxed.skipped}`);
      context.skip(relaxed.skipped);
      return;
    }
    const plain = runFlavour([], { STRATA_WASM: 'simd128' });
    const fused = runFlavour(relaxed.args, {});
    expect(plain.flavour).toBe('simd128');
    expect(fused.flavour).toBe('relaxed-simd');
    for (const run of [plain, fused]) {
      expect(run.threadCounts).toEqual([1, 2, 3]);
      expect(run.threadMismatches).toEqual(GEMM_CASES.map(() => 0));
    }
    let differing = 0;
    for (const [index, c] of GEMM_CASES.entries()) {
      const { exact, bound } = reference(c, index);
      const plainProduct = decode(plain.products[index]!);
      const fusedProduct = decode(fused.products[index]!);
      const shape = `${c.m}x${c.k}x${c.n}`;
      expect(outside(plainProduct, exact, bound), `simd128 ${shape}`).toEqual([]);
      expect(outside(fusedProduct, exact, bound), `relaxed-simd ${shape}`).toEqual([]);
      differing += fusedProduct.filter((x, i) => x !== plainProduct[i]).length;
    }
    console.log(
      `relaxed-simd (${relaxed.args.join(' ') || 'no flag'}) and simd128 differ in ${differing} elements, all within float32 rounding`,
    );
  });
});
