import type * as Crypto from 'node:crypto';
import type * as Fs from 'node:fs';
import type * as Http from 'node:http';
import type * as Https from 'node:https';
import type * as Os from 'node:os';
import type * as Path from 'node:path';
import type * as Url from 'node:url';
import type * as Zlib from 'node:zlib';
import { DatasetError } from './dataset-error.js';

/** @internal The Node built-ins that file-backed datasets use. */
export interface NodeBuiltins {
  readonly crypto: typeof Crypto;
  readonly fs: typeof Fs;
  readonly http: typeof Http;
  readonly https: typeof Https;
  readonly os: typeof Os;
  readonly path: typeof Path;
  readonly url: typeof Url;
  readonly zlib: typeof Zlib;
}

let cached: NodeBuiltins | undefined;

/**
 * @internal The Node built-ins, or `undefined` outside Node.
 *
 * Loaded through `process.getBuiltinModule` rather than static imports so that the package
 * still imports in a browser, where only the in-memory paths (`decodeIdx`, `TensorDataset`,
 * ...) are available.
 */
export function nodeBuiltins(): NodeBuiltins | undefined {
  if (cached !== undefined) return cached;
  const proc = (globalThis as { process?: Partial<Pick<NodeJS.Process, 'getBuiltinModule'>> }).process;
  const load = proc?.getBuiltinModule;
  if (typeof load !== 'function') return undefined;
  cached = {
    crypto: load('node:crypto'),
    fs: load('node:fs'),
    http: load('node:http'),
    https: load('node:https'),
    os: load('node:os'),
    path: load('node:path'),
    url: load('node:url'),
    zlib: load('node:zlib'),
  };
  return cached;
}

/** @internal The Node built-ins; throws a `DatasetError` naming `caller` outside Node. */
export function requireNode(caller: string, fix: string): NodeBuiltins {
  const node = nodeBuiltins();
  if (node === undefined) {
    throw new DatasetError(
      `${caller}: expected Node.js >= 20.16 (file system access through process.getBuiltinModule), got a runtime without it; ${fix}`,
    );
  }
  return node;
}
