/** `<path>.tmp-<pid>-<random>`: the temporary file of a write in progress. */
const TEMPORARY = /\.tmp-\d+-[0-9a-z]+$/;

/**
 * @internal A fresh temporary path beside `path` for `writeFileAtomic`, naming this process.
 *
 * @example
 * ```ts
 * temporaryPath('runs/a/last.safetensors'); // 'runs/a/last.safetensors.tmp-4242-k3j2h1g0'
 * ```
 */
export function temporaryPath(path: string): string {
  return `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * @internal Whether `name` is a temporary file of `writeFileAtomic`.
 *
 * @example
 * ```ts
 * isTemporaryPath('last.safetensors.tmp-4242-k3j2h1g0'); // true
 * ```
 */
export function isTemporaryPath(name: string): boolean {
  return TEMPORARY.test(name);
}
