/**
 * Where a download stands, given to the `progress` function of `FashionMNIST.load` (and
 * `MNIST.load`) after each piece of data and once when a file is complete.
 *
 * @example
 * ```ts
 * const progress = (p: DownloadProgress) => console.log(`${p.file}: ${p.received} of ${p.total ?? '?'} bytes`);
 * await FashionMNIST.load({ download: true, progress });
 * ```
 */
export interface DownloadProgress {
  /** The file being downloaded, e.g. `train-images-idx3-ubyte.gz`. */
  readonly file: string;
  /** The URL it comes from. */
  readonly url: string;
  /** Bytes received so far. */
  readonly received: number;
  /** Bytes the server announced; `null` when it did not say. */
  readonly total: number | null;
  /** Whether the file is complete and passed its checksum. */
  readonly done: boolean;
}

const megabytes = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;

/**
 * @internal The default progress display, on stderr: on a terminal, a bar redrawn at most ten
 * times a second; elsewhere (CI logs, pipes), one line per finished file.
 */
export function stderrProgress(stream: NodeJS.WriteStream): (p: DownloadProgress) => void {
  let last = 0;
  return (p) => {
    if (stream.isTTY !== true) {
      if (p.done) stream.write(`downloaded ${p.url} (${megabytes(p.received)})\n`);
      return;
    }
    const now = Date.now();
    if (!p.done && now - last < 100) return;
    last = now;
    const share = p.total === null || p.total === 0 ? null : Math.min(1, p.received / p.total);
    const bar = share === null ? '' : `[${'#'.repeat(Math.round(share * 30)).padEnd(30)}] ${Math.round(share * 100)}% `;
    const of = p.total === null ? '' : ` / ${megabytes(p.total)}`;
    stream.write(`\r${p.file} ${bar}${megabytes(p.received)}${of}${p.done ? '\n' : ''}`);
  };
}
