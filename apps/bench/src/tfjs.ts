import '@tensorflow/tfjs-backend-cpu';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
// The union package registers TensorFlow.js's gradients (tfjs-core alone does not), which the
// reference LeNet needs to train.
import '@tensorflow/tfjs';

/** The two TensorFlow.js backends strata is compared with. */
export type TfjsBackend = 'tfjs-cpu' | 'tfjs-wasm';

/**
 * Makes `engine` TensorFlow.js's current backend; tensors made afterwards live on it. The wasm
 * backend's module is read from `@tensorflow/tfjs-backend-wasm/dist` in node_modules by its Node
 * build, so nothing is downloaded.
 *
 * @example
 * ```ts
 * await useTfjs('tfjs-wasm');
 * ```
 */
export async function useTfjs(engine: TfjsBackend): Promise<void> {
  const name = engine === 'tfjs-cpu' ? 'cpu' : 'wasm';
  if (!(await tf.setBackend(name))) throw new Error(`TensorFlow.js: backend '${name}' failed to start.`);
}

/**
 * What TensorFlow.js runs on: its version, and for the wasm backend the binary it chose (it
 * picks the SIMD build when the runtime has SIMD, the threaded one only where it can start
 * workers, which its Node build does not) and its thread count.
 *
 * @example
 * ```ts
 * await useTfjs('tfjs-wasm');
 * tfjsInfo(); // { version: '4.22.0', wasmBinary: 'tfjs-backend-wasm-simd.wasm', wasmThreads: 1 }
 * ```
 */
export function tfjsInfo(): { version: string; wasmBinary: string; wasmThreads: number } {
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
  const threaded = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
  const wasmBinary =
    simd && threaded
      ? 'tfjs-backend-wasm-threaded-simd.wasm'
      : simd
        ? 'tfjs-backend-wasm-simd.wasm'
        : 'tfjs-backend-wasm.wasm';
  return { version: tf.version_core, wasmBinary, wasmThreads: getThreadsCount() };
}

/** The error TensorFlow.js throws for a kernel its backend lacks, as a `notImplemented` note; other errors are rethrown. */
export function notImplementedNote(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (!/not registered for backend/.test(message)) throw error;
  return message;
}
