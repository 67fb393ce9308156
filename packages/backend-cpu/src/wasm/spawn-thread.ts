import { nodeBuiltin } from '../runtime.js';
import { type ThreadInit, threadMain } from './thread-main.js';

// A thread runs the text of `threadMain` alone. Compilers that keep function names (esbuild's
// keepNames, which tsx and some bundler set-ups turn on) wrap its inner functions in calls to a
// module-level `__name(fn, name)` helper that the text does not carry, so the thread gets one that
// leaves the function as it is.
const KEEP_NAMES_PRELUDE = 'var __name = (target) => target;';

/**
 * Starts one kernel thread running {@link threadMain}: a Node worker thread (unreferenced, so it
 * never keeps the process alive) or a browser Web Worker from a Blob URL. `undefined` where the
 * runtime has neither.
 *
 * @example
 * ```ts
 * const spawn = threadSpawner();
 * const thread = spawn?.(init, (message) => console.error(message));
 * ```
 */
export function threadSpawner():
  | ((init: ThreadInit, onError: (message: string) => void) => { terminate(): void })
  | undefined {
  const source = `(${threadMain.toString()})`;
  const threads = nodeBuiltin('node:worker_threads');
  if (threads !== undefined) {
    return (init, onError) => {
      const worker = new threads.Worker(
        `${KEEP_NAMES_PRELUDE}\n${source}(require('node:worker_threads').workerData);`,
        {
          eval: true,
          workerData: init,
          // The thread runs plain JavaScript: none of the parent's loaders or flags (a test
          // runner's hooks would otherwise load into every thread).
          execArgv: [],
        },
      );
      worker.unref();
      worker.on('error', (error: Error) => onError(`${error.name}: ${error.message}`));
      return { terminate: () => void worker.terminate() };
    };
  }
  const Worker = (globalThis as { Worker?: typeof globalThis.Worker }).Worker;
  if (typeof Worker !== 'function' || typeof Blob !== 'function') return undefined;
  const url = URL.createObjectURL(
    new Blob([`${KEEP_NAMES_PRELUDE}\nself.onmessage = (event) => ${source}(event.data);`], {
      type: 'text/javascript',
    }),
  );
  return (init, onError) => {
    const worker = new Worker(url);
    worker.onerror = (event) => {
      event.preventDefault();
      onError(event.message || 'the kernel thread script failed to load');
    };
    worker.postMessage(init);
    return { terminate: () => worker.terminate() };
  };
}
