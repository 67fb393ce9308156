import { unownedTensors } from './scopes.js';

/**
 * @internal Consecutive `backward()` calls over which the unowned tensors must grow before the
 * warning: a training loop that leaks grows at every step, while building a model or loading a
 * dataset between two steps grows once.
 */
export const LEAK_STREAK = 20;

/**
 * @internal Bytes a streak must have left to the collector before it warns: a leaking training
 * loop leaves its activations, megabytes a step, while a script or a test file that runs hundreds
 * of small examples one after the other (each dropped for the collector) leaves a few.
 */
export const LEAK_BYTES = 16 * 2 ** 20;

let last = unownedTensors();
let start = last;
let streak = 0;
let warned = false;

function mebibytes(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}

/**
 * @internal Called by every `backward()`: warns once per process when the tensors created outside
 * every scope, and neither disposed nor kept, grew at each of the last {@link LEAK_STREAK} calls or
 * more, by {@link LEAK_BYTES} in all. Such a loop leaves its memory to the garbage collector,
 * which a loop that awaits only settled promises never lets free it, and which never sees GPU
 * memory.
 */
export function checkForLeaks(): void {
  if (warned) return;
  const now = unownedTensors();
  if (now.count <= last.count) {
    last = now;
    streak = 0;
    return;
  }
  if (streak === 0) start = last;
  last = now;
  streak++;
  const grown = { count: now.count - start.count, bytes: now.bytes - start.bytes };
  if (streak < LEAK_STREAK || grown.bytes < LEAK_BYTES) return;
  warned = true;
  console.warn(
    `strata: ${grown.count} tensors (${mebibytes(grown.bytes)} MiB) created outside any memory scope over the last ${streak} backward() calls were neither disposed nor kept (${now.count} tensors, ${mebibytes(now.bytes)} MiB in all); they are freed only when the garbage collector runs, which a loop that never awaits real I/O does not let happen, and GPU memory is invisible to it. Iterate with for await over a DataLoader (each iteration's tensors are released when the loop moves on), wrap other loops' items in scoped(...), open a scope per iteration (using _ = memoryScope()), or run the step in tidy(() => ...); keep(t) what must outlive an iteration.`,
  );
}

/** @internal Forgets the streak and the warning, so a test can provoke it again. */
export function resetLeakCheck(): void {
  last = unownedTensors();
  start = last;
  streak = 0;
  warned = false;
}
