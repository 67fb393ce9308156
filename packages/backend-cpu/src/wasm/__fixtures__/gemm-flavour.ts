// Run as its own process (bundled by relaxed-simd.test.ts): the kernels of whichever flavour this
// runtime loads compute every case of GEMM_CASES on 1, 2 and 3 threads, and the process prints
// the flavour, the products on one thread and how many elements other thread counts changed.
import { getNumThreads, setNumThreads } from '../../threads.js';
import { wasmHeap, wasmSimdFlavour } from '../load-wasm.js';
import { GEMM_CASES, gemmOperands } from './gemm-cases.js';

const heap = wasmHeap;
if (heap === undefined) throw new Error('gemm-flavour: expected the WebAssembly kernels to load');
const threadCounts: number[] = [];
const runs: Uint32Array[][] = [];
for (const threads of [1, 2, 3]) {
  await setNumThreads(threads);
  threadCounts.push(getNumThreads());
  runs.push(
    GEMM_CASES.map((c, index) => {
      const { a, b, c: c0 } = gemmOperands(c, index + 1);
      heap.reset();
      const aPtr = heap.copyIn(a);
      const bPtr = heap.copyIn(b);
      const cPtr = heap.copyIn(c0);
      const [ars, acs] = c.transposeA ? [1, c.m] : [c.k, 1];
      const [brs, bcs] = c.transposeB ? [1, c.k] : [c.n, 1];
      heap.sgemm(c.m, c.n, c.k, aPtr, ars, acs, bPtr, brs, bcs, cPtr, c.n, c.accumulate ? 1 : 0);
      return new Uint32Array(heap.f32(cPtr, c.m * c.n).slice().buffer);
    }),
  );
}
const [first, ...others] = runs as [Uint32Array[], ...Uint32Array[][]];
console.log(
  JSON.stringify({
    flavour: wasmSimdFlavour,
    threadCounts,
    products: first.map((bits) => Buffer.from(bits.buffer).toString('base64')),
    threadMismatches: first.map((bits, index) =>
      others.reduce((sum, run) => sum + run[index]!.filter((x, i) => x !== bits[i]).length, 0),
    ),
  }),
);
