/**
 * What a kernel thread is started with: the compiled module and the shared memory, the control
 * block's byte offset, its index, the int offset of its job slot, the pool's generation it
 * belongs to, its own stack top, the byte offset of its float64 slots for a generated loop's
 * arguments, and the names of the exports jobs refer to by index (`PARALLEL_KERNELS`).
 *
 * @example
 * ```ts
 * const init: ThreadInit = {
 *   module, memory, control, controlInts, index: 1, job: 21, generation: 0, stackTop, loopArgs,
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
  loopArgs: number;
  kernels: readonly string[];
}

/**
 * The body of a kernel thread, shipped to the worker as source text (so it must not refer to
 * anything outside itself). It instantiates the module on the shared memory, counts itself
 * ready, then serves jobs forever: it sleeps on the job counter (int 0 of the control block),
 * runs its part (ints `init.job ...`: 1 + the kernel's index in `init.kernels`, or 0 for no
 * part, then up to 15 arguments) and counts itself done (int 1). Int 2 counts started threads.
 * Int 4 is the pool's generation: a thread of another generation than `init.generation` exits
 * as soon as it starts or wakes, so a thread the pool let go never takes a part of a later job.
 * A part that throws still counts itself done, and leaves its kernel in int 3 for the caller to report.
 * A negative kernel is a generated loop, `-id`: the ints after it are the byte offset and length
 * of its module's bytes in the memory (offset 0 once this thread has compiled it) and the count
 * of its arguments, which are in the thread's float64 slots at `init.loopArgs`.
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
  Atomics.add(control, 2, 1);
  for (;;) {
    Atomics.wait(control, 0, seen);
    seen = Atomics.load(control, 0);
    if (!current()) return;
    const kernel = control[job]!;
    try {
      runJob(kernel);
    } catch (error) {
      // The caller waits for every part: count this one done, and leave it the failed kernel to report.
      Atomics.store(control, 3, kernel);
      console.error(`strata kernel thread ${init.index}: ${String(error)}`);
    }
    Atomics.add(control, 1, 1);
    Atomics.notify(control, 1);
  }

  function runJob(kernel: number): void {
    // A wasm function ignores arguments past its own, so every kernel gets all 15.
    if (kernel > 0) {
      kernels[kernel - 1]!(
        control[job + 1]!,
        control[job + 2]!,
        control[job + 3]!,
        control[job + 4]!,
        control[job + 5]!,
        control[job + 6]!,
        control[job + 7]!,
        control[job + 8]!,
        control[job + 9]!,
        control[job + 10]!,
        control[job + 11]!,
        control[job + 12]!,
        control[job + 13]!,
        control[job + 14]!,
        control[job + 15]!,
      );
    } else if (kernel < 0) {
      let loop = loops.get(kernel);
      if (loop === undefined) {
        // Compiled from a copy: a module cannot be made from shared memory.
        const bytes = new Uint8Array(init.memory.buffer, control[job + 1]!, control[job + 2]!).slice();
        const loopInstance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: init.memory } });
        loop = loopInstance.exports.run as (...args: number[]) => void;
        loops.set(kernel, loop);
      }
      loop(...new Float64Array(init.memory.buffer, init.loopArgs, control[job + 3]!));
    }
  }
}
