import { SafetensorsError } from './safetensors-error.js';

/**
 * @internal `node:fs/promises`, loaded only when a file function runs and through
 * `process.getBuiltinModule` rather than an import, so that no bundler has to resolve it for a
 * browser; outside Node, a `SafetensorsError` naming the in-memory API.
 *
 * @example
 * ```ts
 * const fs = await nodeFs('load');
 * ```
 */
export async function nodeFs(fn: string): Promise<typeof import('node:fs/promises')> {
  const proc = globalThis.process as Partial<Pick<NodeJS.Process, 'getBuiltinModule'>> | undefined;
  // A browser (with or without a `process` shim) has no getBuiltinModule: the same advice applies.
  if (typeof proc?.getBuiltinModule === 'function') return proc.getBuiltinModule('node:fs/promises');
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
