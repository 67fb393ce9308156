import type { Io } from '../commands/io.js';

/** An Io whose streams collect what the command writes. */
export function capture(): Io & { out(): string; err(): string } {
  let out = '';
  let err = '';
  const stream = (append: (s: string) => void) =>
    ({
      write: (s: string) => {
        append(String(s));
        return true;
      },
      isTTY: false,
    }) as unknown as NodeJS.WriteStream;
  return {
    stdout: stream((s) => {
      out += s;
    }),
    stderr: stream((s) => {
      err += s;
    }),
    out: () => out,
    err: () => err,
  };
}
