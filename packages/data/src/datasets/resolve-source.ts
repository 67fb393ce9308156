import { DatasetError } from './dataset-error.js';
import type { DatasetSource } from './dataset-source.js';
import type { IdxDatasetSpec, IdxSplitSpec } from './idx-dataset-spec.js';
import { requireNode } from './node-builtins.js';

/** @internal What resolution reads from the process: the environment and the home directory. */
export interface ResolveContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homedir: string;
}

/** @internal One place resolution looked at, and what it found there. */
export interface SearchedPlace {
  readonly kind: 'root' | 'env' | 'cache' | 'system';
  /** How messages name the place: `$STRATA_DATA`, `user cache`, ... */
  readonly label: string;
  readonly path?: string;
  /** Why the place did not qualify: `not set`, `no such directory`, `missing ...`. */
  readonly status: string;
}

/** @internal The outcome of looking for a split's files. */
export type Resolution =
  | { readonly found: true; readonly source: DatasetSource; readonly images: string; readonly labels: string }
  | { readonly found: false; readonly searched: readonly SearchedPlace[]; readonly downloadDir: string };

/** @internal The context of the running process. */
export function processContext(): ResolveContext {
  const { os } = requireNode('resolveSource', 'in a browser, fetch the IDX files and decode them with decodeIdx.');
  return { env: (globalThis as { process: NodeJS.Process }).process.env, homedir: os.homedir() };
}

/**
 * @internal `<cache>/strata/<dir>`, where `<cache>` is `$XDG_CACHE_HOME` when it is an absolute
 * path (the XDG spec says to ignore relative ones) and `~/.cache` otherwise.
 */
export function cacheDir(spec: IdxDatasetSpec, context: ResolveContext): string {
  const { path } = requireNode('cacheDir', 'the user cache is only available in Node.');
  const xdg = context.env.XDG_CACHE_HOME;
  const base = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(context.homedir, '.cache');
  return path.join(base, 'strata', spec.dir);
}

/**
 * What is at `path`: `undefined` when nothing is; a place that cannot be looked into (a path
 * through a file, a directory without permission) is an error naming `what`, never a silent
 * "not found" that would send the search on to another place.
 */
function statPath(
  caller: string,
  fs: typeof import('node:fs'),
  path: string,
  what: string,
): import('node:fs').Stats | undefined {
  try {
    return fs.statSync(path, { throwIfNoEntry: false });
  } catch (error) {
    throw new DatasetError(
      `${caller}: expected ${what} to be a readable directory, got ${(error as Error).message}; fix the path or its permissions, or unset it.`,
      { cause: error },
    );
  }
}

/**
 * @internal The path of `name` or `name.gz` in `dir`, whichever exists (raw first); `caller`
 * starts the error for a directory that cannot be looked into.
 */
export function findIdxFile(dir: string, name: string, caller = 'findIdxFile'): string | undefined {
  const { fs, path } = requireNode('findIdxFile', 'in a browser, fetch the IDX files and decode them with decodeIdx.');
  for (const candidate of [name, `${name}.gz`]) {
    const file = path.join(dir, candidate);
    if (statPath(caller, fs, file, dir)?.isFile()) return file;
  }
  return undefined;
}

/**
 * @internal Looks for the files of `split`: in `root` alone when it is given, otherwise in
 * `$STRATA_DATA/<dir>`, the user cache, then the system directory. A place qualifies only when
 * it holds both the image and the label file. Never falls back to the embedded sample.
 */
export function resolveSource(
  spec: IdxDatasetSpec,
  split: IdxSplitSpec,
  root: string | undefined,
  context: ResolveContext = processContext(),
): Resolution {
  const { fs, path } = requireNode(
    'resolveSource',
    'in a browser, fetch the IDX files and decode them with decodeIdx.',
  );
  const candidates: { kind: SearchedPlace['kind']; label: string; path: string | undefined }[] = [];
  if (root !== undefined) {
    candidates.push({ kind: 'root', label: 'root', path: path.resolve(root) });
  } else {
    const env = context.env.STRATA_DATA;
    candidates.push({ kind: 'env', label: '$STRATA_DATA', path: env ? path.resolve(env, spec.dir) : undefined });
    candidates.push({ kind: 'cache', label: 'user cache', path: cacheDir(spec, context) });
    if (spec.system !== undefined) candidates.push({ kind: 'system', label: 'system', path: spec.system.dir });
  }
  const searched: SearchedPlace[] = [];
  for (const { kind, label, path: dir } of candidates) {
    if (dir === undefined) {
      searched.push({ kind, label, status: 'not set' });
      continue;
    }
    if (!statPath(spec.name, fs, dir, `${label} ${dir}`)?.isDirectory()) {
      searched.push({ kind, label, path: dir, status: 'no such directory' });
      continue;
    }
    const images = findIdxFile(dir, split.images.name, spec.name);
    const labels = findIdxFile(dir, split.labels.name, spec.name);
    if (images !== undefined && labels !== undefined)
      return { found: true, source: { kind, path: dir }, images, labels };
    const missing = [
      images === undefined ? split.images.name : undefined,
      labels === undefined ? split.labels.name : undefined,
    ]
      .filter((name) => name !== undefined)
      .map((name) => `${name}[.gz]`);
    searched.push({ kind, label, path: dir, status: `missing ${missing.join(' and ')}` });
  }
  return { found: false, searched, downloadDir: root !== undefined ? path.resolve(root) : cacheDir(spec, context) };
}
