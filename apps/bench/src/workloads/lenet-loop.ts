import { CpuBackend, registerCpuKernels } from '@strata/backend-cpu';
import {
  crossEntropy,
  getBackend,
  listBackends,
  manualSeed,
  rand,
  randint,
  registerBackend,
  scoped,
  setBackend,
  type Tensor,
  tidy,
} from '@strata/core';
import { lenetModern } from '@strata/models';
import { SGD } from '@strata/optim';
import type { LoopComparison, LoopFigure } from '../report.js';
import { median, significant } from '../statistics.js';
import { forEachStrataThreadCount } from '../threads.js';
import { LENET_BATCH } from './lenet.js';

/** Steps one timed call runs: one pass over this many batches. */
const STEPS_PER_CALL = 4;
/** Timed calls per loop, interleaved with the other loops' so that drift hits each alike. */
const ROUNDS = 15;
const LR = 0.01;
/** A second CPU backend without buffer reuse, to show what the pool does. */
const NO_POOL = 'cpu-no-pool';

type Batches = readonly (readonly [Tensor, Tensor])[];
type Loop = (batches: Batches) => Promise<void>;

async function* asBatches(batches: Batches): AsyncGenerator<readonly [Tensor, Tensor], void, undefined> {
  for (const batch of batches) yield batch;
}

function loops(backend: string): Record<'tidy' | 'scoped', Loop> {
  setBackend(backend);
  manualSeed(0);
  const net = lenetModern();
  const optimizer = new SGD(net.parameters(), { lr: LR });
  const step = (X: Tensor, y: Tensor): void => {
    optimizer.zeroGrad();
    const loss = crossEntropy(net.forward(X), y);
    loss.backward();
    optimizer.step();
  };
  return {
    // The explicit form: every step in tidy.
    tidy: async (batches) => {
      for await (const [X, y] of asBatches(batches)) tidy(() => step(X, y));
    },
    // The PyTorch form: no tidy, each iteration a memory scope (what for await over a DataLoader does).
    scoped: async (batches) => {
      for await (const [X, y] of scoped(asBatches(batches))) step(X, y);
    },
  };
}

function makeBatches(backend: string): Batches {
  manualSeed(1);
  return Array.from(
    { length: STEPS_PER_CALL },
    () =>
      [
        rand([LENET_BATCH, 1, 28, 28], { backend }),
        randint(0, 10, [LENET_BATCH], { dtype: 'int32', backend }),
      ] as const,
  );
}

function figure(ms: readonly number[], cpuMs: readonly number[]): LoopFigure {
  const medianMs = median(ms);
  return {
    value: significant((STEPS_PER_CALL * LENET_BATCH * 1000) / medianMs),
    medianMs: significant(medianMs / STEPS_PER_CALL, 4),
    cpuMs: significant(median(cpuMs) / STEPS_PER_CALL, 4),
    runs: ms.length,
  };
}

/**
 * The cost of memory scopes: LeNet training (lenetModern, SGD, batch 256) written as PyTorch
 * writes it, each iteration of a `for await` loop a memory scope and no `tidy`, against the same
 * steps each wrapped in `tidy`, in this process, alternating call by call; and the tidy loop on a
 * CPU backend that does not reuse buffers, which shows what the buffer pool saves. Both loops
 * iterate an async generator of batches already on the backend, so the figures hold the loop's
 * memory handling and no data loading.
 *
 * @example
 * ```ts
 * const comparisons = await benchLenetLoop();
 * comparisons[0].ratio; // images/s of the scoped loop over the tidy loop
 * ```
 */
export async function benchLenetLoop(): Promise<LoopComparison[]> {
  if (!listBackends().includes(NO_POOL)) {
    registerBackend(NO_POOL, () => new CpuBackend(NO_POOL, { poolBytes: 0 }));
    registerCpuKernels(NO_POOL);
  }
  const previous = getBackend().name;
  try {
    return await forEachStrataThreadCount(async (threads) => {
      const pooled = loops('cpu');
      const pooledBatches = makeBatches('cpu');
      const unpooled = loops(NO_POOL);
      const unpooledBatches = makeBatches(NO_POOL);
      const runs: Record<'tidy' | 'scoped' | 'tidyNoPool', [Loop, Batches]> = {
        tidy: [pooled.tidy, pooledBatches],
        scoped: [pooled.scoped, pooledBatches],
        tidyNoPool: [unpooled.tidy, unpooledBatches],
      };
      const ms: Record<keyof typeof runs, number[]> = { tidy: [], scoped: [], tidyNoPool: [] };
      const cpuMs: Record<keyof typeof runs, number[]> = { tidy: [], scoped: [], tidyNoPool: [] };
      for (const [loop, batches] of Object.values(runs)) await loop(batches);
      const entries = Object.entries(runs) as [keyof typeof runs, [Loop, Batches]][];
      for (let round = 0; round < ROUNDS; round++) {
        // Each round starts with another loop, so no loop always follows the one that leaves the
        // most garbage for the collector.
        const order = [...entries.slice(round % entries.length), ...entries.slice(0, round % entries.length)];
        for (const [name, [loop, batches]] of order) {
          const start = performance.now();
          const cpuStart = process.cpuUsage();
          await loop(batches);
          const cpu = process.cpuUsage(cpuStart);
          ms[name].push(performance.now() - start);
          cpuMs[name].push((cpu.user + cpu.system) / 1000);
        }
      }
      return {
        name: 'lenet-train-loop',
        shape: `lenetModern, batch ${LENET_BATCH}, SGD, ${STEPS_PER_CALL} steps a call`,
        threads,
        tidy: figure(ms.tidy, cpuMs.tidy),
        scoped: figure(ms.scoped, cpuMs.scoped),
        tidyWithoutBufferPool: figure(ms.tidyNoPool, cpuMs.tidyNoPool),
        // From the CPU time this process spent, paired by round: other processes on the machine
        // stretch wall time by whatever they take, but hardly the work done here.
        ratio: significant(median(cpuMs.tidy.map((tidyMs, round) => tidyMs / cpuMs.scoped[round]!))),
      };
    });
  } finally {
    setBackend(previous);
  }
}
