import { SafetensorsError } from './safetensors-error.js';

/**
 * @internal `node:fs/promises`, imported only when a file function runs and through a variable,
 * so that no bundler resolves it for a browser (the comments keep Vite and webpack from warning);
 * outside Node, a `SafetensorsError` naming the in-memory API.
 *
 * @example
 * ```ts
 * const fs = await nodeFs('load');
 * ```
 */
export async function nodeFs(fn: string): Promise<typeof import('node:fs/promises')> {
  if (typeof globalThis.process?.versions?.node === 'string') {
    const specifier = 'node:fs/promises';
    try {
      return await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier);
    } catch {
      // A browser bundle with a `process` shim gets here: the same advice applies.
    }
  }
  throw new SafetensorsError(
    `${fn}: expected Node.js (file access needs node:fs), got a runtime without node:fs; in a browser use toSafetensors / fromSafetensors with an ArrayBuffer (from fetch or a file input).`,
  );
}

/**
 * @internal A file-system error as `CODE: message`, for error messages.
 *
 * @example
 * ```ts
 * describeFsError(error); // 'ENOENT: no such file or directory, open ...'
 * ```
 */
export function describeFsError(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown };
  const message = typeof e?.message === 'string' ? e.message : String(error);
  return typeof e?.code === 'string' && !message.startsWith(e.code) ? `${e.code}: ${message}` : message;
}
