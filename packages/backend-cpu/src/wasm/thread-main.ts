/**
 * What a kernel thread is started with: the compiled module and the shared memory, the control
 * block's byte offset, its index, the int offset of its job slot, the pool's generation it
 * belongs to, its own stack top, and the names of the exports jobs refer to by index
 * (`PARALLEL_KERNELS`).
 *
 * @example
 * ```ts
 * const init: ThreadInit = {
 *   module, memory, control, controlInts, index: 1, job: 13, generation: 0, stackTop,
 *   kernels: PARALLEL_KERNELS,
 * };
 * ```
 */
export interface ThreadInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: number;
  controlInts: number;
  index: number;
  job: number;
  generation: number;
  stackTop: number;
  kernels: readonly string[];
}

/**
 * The body of a kernel thread, shipped to the worker as source text (so it must not refer to
 * anything outside itself). It instantiates the module on the shared memory, counts itself
 * ready, then serves jobs forever: it sleeps on the job counter (int 0 of the control block),
 * runs chunk `init.index` of the job (if there are that many; int 6 is the chunk count), then
 * claims the chunks left by incrementing int 5 until it passes the count, runs each, and counts
 * itself done (int 1). Int 2 counts started threads. Int 4 is the pool's generation: a thread of
 * another generation than `init.generation` exits as soon as it starts or wakes, so a thread the
 * pool let go never takes a chunk of a later job. A chunk that throws still counts the thread
 * done, and leaves its kernel in int 3 for the caller to report.
 * The job is in ints `init.job ...`: 1 + the kernel's index in `init.kernels`, whose arguments
 * for chunk c are the 15 ints at `(c * workers + index - 1) * 15` of the chunk table (its byte
 * offset is int 7, the worker count int 8); or a generated loop's negated id, then the byte
 * offset and length of its module's bytes in the memory (offset 0 once this thread has compiled
 * it) and the count of its arguments, which are the float64s at `c * count` of the chunk table.
 *
 * @example
 * ```ts
 * const source = `(${threadMain.toString()})(init)`;
 * ```
 */
export function threadMain(init: ThreadInit): void {
  const instance = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
  const exports = instance.exports as unknown as Record<string, unknown> & { __stack_pointer: WebAssembly.Global };
  exports.__stack_pointer.value = init.stackTop;
  const kernels = init.kernels.map((name) => exports[name] as (...args: number[]) => void);
  const control = new Int32Array(init.memory.buffer, init.control, init.controlInts);
  const job = init.job;
  const loops = new Map<number, (...args: number[]) => void>();
  const current = () => Atomics.load(control, 4) === init.generation;
  let seen = Atomics.load(control, 0);
  if (!current()) return;
  // The table was reserved before this thread started, so views made now always cover it.
  const table = Atomics.load(control, 7);
  const ints = new Int32Array(init.memory.buffer, table);
  const floats = new Float64Array(init.memory.buffer, table);
  const workers = Atomics.load(control, 8);
  Atomics.add(control, 2, 1);
  for (;;) {
    Atomics.wait(control, 0, seen);
    seen = Atomics.load(control, 0);
    if (!current()) return;
    const kernel = control[job]!;
    try {
      // Compiled before claiming: the pool counts the loop known to this thread once it posted
      // it, even when the other threads leave this one no chunk.
      const loop = kernel < 0 ? compiledLoop(kernel) : undefined;
      const chunks = Atomics.load(control, 6);
      if (init.index < chunks) runChunk(kernel, loop, init.index);
      for (let c = Atomics.add(control, 5, 1); c < chunks; c = Atomics.add(control, 5, 1)) runChunk(kernel, loop, c);
    } catch (error) {
      // The caller waits for every thread: count this one done, and leave it the failed kernel to report.
      Atomics.store(control, 3, kernel);
      console.error(`strata kernel thread ${init.index}: ${String(error)}`);
    }
    Atomics.add(control, 1, 1);
    Atomics.notify(control, 1);
  }

  function compiledLoop(kernel: number): (...args: number[]) => void {
    let loop = loops.get(kernel);
    if (loop === undefined) {
      // Compiled from a copy: a module cannot be made from shared memory.
      const bytes = new Uint8Array(init.memory.buffer, control[job + 1]!, control[job + 2]!).slice();
      const loopInstance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: init.memory } });
      loop = loopInstance.exports.run as (...args: number[]) => void;
      loops.set(kernel, loop);
    }
    return loop;
  }

  function runChunk(kernel: number, loop: ((...args: number[]) => void) | undefined, c: number): void {
    if (loop !== undefined) {
      const count = control[job + 3]!;
      loop(...floats.subarray(c * count, (c + 1) * count));
    } else {
      // A wasm function ignores arguments past its own, so every kernel gets all 15.
      const a = 15 * (c * workers + init.index - 1);
      kernels[kernel - 1]!(
        ints[a]!,
        ints[a + 1]!,
        ints[a + 2]!,
        ints[a + 3]!,
        ints[a + 4]!,
        ints[a + 5]!,
        ints[a + 6]!,
        ints[a + 7]!,
        ints[a + 8]!,
        ints[a + 9]!,
        ints[a + 10]!,
        ints[a + 11]!,
        ints[a + 12]!,
        ints[a + 13]!,
        ints[a + 14]!,
      );
    }
  }
}
