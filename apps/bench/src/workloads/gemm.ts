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
const TFJS_CPU_PLAN: TimingPlan = { minRuns: 2, maxRuns: 5, budgetMs: 2000 };

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
  const aValues = randomValues(size * size, 11);
  const bValues = randomValues(size * size, 12);
  const a = writeStrata(aValues, [1, size, size]);
  const b = writeStrata(bValues, [1, size, size]);
  const attrs = { transposeA: false, transposeB: false };
  const work = 2 * size ** 3;
  const strataGemm = () => runStrataKernel('MatMul', { a, b }, attrs);

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
    if (engine === 'tfjs-wasm') checkClose(name, strataGemm(), tfGemm());
    results.push(
      await measure(engine, 1, 'GFLOP/s', {
        call: tfGemm,
        work,
        ...(engine === 'tfjs-cpu' ? { plan: TFJS_CPU_PLAN } : {}),
      }),
    );
    tf.dispose([ta, tb]);
  }
  const strata = await forEachStrataThreadCount((threads) =>
    measure('strata-cpu', threads, 'GFLOP/s', { call: strataGemm, work }),
  );
  disposeStrata([a.dataId, b.dataId]);
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
