/**
 * Where a command writes: the process's streams, or test doubles.
 *
 * @example
 * ```ts
 * const io: Io = { stdout: process.stdout, stderr: process.stderr };
 * ```
 */
export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}
