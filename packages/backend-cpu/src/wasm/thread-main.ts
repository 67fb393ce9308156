/**
 * What a kernel thread is started with: the compiled module and the shared memory, the control
 * block's byte offset, its index, its own stack top, the byte offset of its float64 slots for a
 * generated loop's arguments, and the names of the exports jobs refer to by index
 * (`PARALLEL_KERNELS`).
 *
 * @example
 * ```ts
 * const init: ThreadInit = {
 *   module, memory, control, controlInts, index: 1, stackTop, loopArgs, kernels: PARALLEL_KERNELS,
 * };
 * ```
 */
export interface ThreadInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: number;
  controlInts: number;
  index: number;
  stackTop: number;
  loopArgs: number;
  kernels: readonly string[];
}

/**
 * The body of a kernel thread, shipped to the worker as source text (so it must not refer to
 * anything outside itself). It instantiates the module on the shared memory, counts itself
 * ready, then serves jobs forever: it sleeps on the job counter (int 0 of the control block),
 * runs its part (ints `4 + 16 * index ...`: 1 + the kernel's index in `init.kernels`, or 0 for no
 * part, then up to 15 arguments) and counts itself done (int 1). Int 2 counts started threads.
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
  const job = 4 + 16 * init.index;
  const loops = new Map<number, (...args: number[]) => void>();
  let seen = Atomics.load(control, 0);
  Atomics.add(control, 2, 1);
  for (;;) {
    Atomics.wait(control, 0, seen);
    seen = Atomics.load(control, 0);
    const kernel = control[job]!;
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
    Atomics.add(control, 1, 1);
    Atomics.notify(control, 1);
  }
}
