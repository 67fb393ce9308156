import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { TFJS_WASM_PATH } from './page-contract.js';

/** The headers that make the page cross-origin isolated, so that it has SharedArrayBuffer and threads. */
const ISOLATION_HEADERS = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};

const HTML =
  '<!doctype html><meta charset="utf-8"><title>strata bench</title><link rel="icon" href="data:,"><script type="module" src="/page.js"></script>';

/** A `.wasm` file name of the tfjs-wasm directory, and nothing that leaves it. */
const WASM_FILE = /^[\w.-]+\.wasm$/;

function route(path: string, page: string, tfjsWasmDir: string): [string, string | Buffer] | undefined {
  if (path === '/') return ['text/html', HTML];
  if (path === '/page.js') return ['text/javascript', page];
  const name = path.startsWith(TFJS_WASM_PATH) ? path.slice(TFJS_WASM_PATH.length) : '';
  const file = join(tfjsWasmDir, name);
  return WASM_FILE.test(name) && existsSync(file) ? ['application/wasm', readFileSync(file)] : undefined;
}

/**
 * A local server (127.0.0.1, any free port) for the bench's page: `/` loads `/page.js` (the
 * bundled `page`), `/tfjs-wasm/<name>.wasm` serves tfjs-wasm's binaries from `tfjsWasmDir`, and
 * every response carries the cross-origin isolation headers (COOP same-origin, COEP require-corp).
 *
 * @example
 * ```ts
 * const server = await servePage(bundle, '/repo/node_modules/@tensorflow/tfjs-backend-wasm/dist');
 * ```
 */
export function servePage(page: string, tfjsWasmDir: string): Promise<Server> {
  const server = createServer((request, response) => {
    const found = route(new URL(request.url ?? '/', 'http://localhost').pathname, page, tfjsWasmDir);
    if (found === undefined) response.writeHead(404, ISOLATION_HEADERS).end();
    else response.writeHead(200, { 'content-type': found[0], ...ISOLATION_HEADERS }).end(found[1]);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
