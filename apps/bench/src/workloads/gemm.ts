import * as tf from '@tensorflow/tfjs-core';
import { checkClose } from '../numeric-check.js';
import { measure } from '../measure.js';
import { computeRatios } from '../ratios.js';
import type { EngineResult, WorkloadReport } from '../report.js';
import { disposeStrata, randomValues, runStrataKernel, writeStrata } from '../strata.js';
import { forEachStrataThreadCount } from '../threads.js';
import { type TfjsBackend, useTfjs } from '../tfjs.js';
import type { TimingPlan } from '../timing.js';

/** TensorFlow.js's CPU GEMM runs near 0.45 GFLOP/s (5 s at 1024³): a few calls are enough. */
const TFJS_CPU_PLAN: TimingPlan = { warmUpMs: 0, minRuns: 2, maxRuns: 5, budgetMs: 2000 };

/** strata's `MatMul` on `size`³ float32 inputs written to its CPU backend, and how to free them. */
function strataGemm(size: number) {
  const aValues = randomValues(size * size, 11);
  const bValues = randomValues(size * size, 12);
  const a = writeStrata(aValues, [1, size, size]);
  const b = writeStrata(bValues, [1, size, size]);
  const attrs = { transposeA: false, transposeB: false };
  return {
    aValues,
    bValues,
    call: () => runStrataKernel('MatMul', { a, b }, attrs),
    dispose: () => disposeStrata([a.dataId, b.dataId]),
  };
}

function timeStrataGemm(size: number, call: () => unknown): Promise<EngineResult[]> {
  return forEachStrataThreadCount((threads) =>
    measure('strata-cpu', threads, 'GFLOP/s', { call, work: 2 * size ** 3 }),
  );
}

/**
 * strata's GEMM `size`³ alone, at each strata thread count: what the bench measures again in the
 * rounds that alternate with PyTorch's.
 *
 * @example
 * ```ts
 * const [oneThread, twoThreads] = await strataGemmResults(1024);
 * ```
 */
export async function strataGemmResults(size: number): Promise<EngineResult[]> {
  const gemm = strataGemm(size);
  try {
    return await timeStrataGemm(size, gemm.call);
  } finally {
    gemm.dispose();
  }
}

/**
 * GEMM `size`³ in float32 (C = A·B): strata's `MatMul` kernel against TensorFlow.js's cpu and
 * wasm `matMul` on the same inputs, after checking strata's product against tfjs-wasm's.
 *
 * @example
 * ```ts
 * const report = await benchGemm(512);
 * ```
 */
export async function benchGemm(size: number): Promise<WorkloadReport> {
  const name = `gemm-${size}`;
  const { aValues, bValues, call: strataCall, dispose } = strataGemm(size);
  const work = 2 * size ** 3;

  const results: EngineResult[] = [];
  for (const engine of ['tfjs-wasm', 'tfjs-cpu'] as TfjsBackend[]) {
    await useTfjs(engine);
    const ta = tf.tensor2d(aValues, [size, size]);
    const tb = tf.tensor2d(bValues, [size, size]);
    const tfGemm = () => {
      const c = tf.matMul(ta, tb);
      const values = c.dataSync();
      c.dispose();
      return values;
    };
    if (engine === 'tfjs-wasm') checkClose(name, strataCall(), tfGemm());
    results.push(
      await measure(engine, 1, 'GFLOP/s', {
        call: tfGemm,
        work,
        ...(engine === 'tfjs-cpu' ? { plan: TFJS_CPU_PLAN } : {}),
      }),
    );
    tf.dispose([ta, tb]);
  }
  const strata = await timeStrataGemm(size, strataCall);
  dispose();
  const all = [...strata, ...results];
  return {
    name,
    group: 'gemm',
    unit: 'GFLOP/s',
    shape: `${size}x${size} · ${size}x${size}`,
    results: all,
    ratios: computeRatios(all),
  };
}
