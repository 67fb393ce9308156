import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servePage } from './page-server.js';

describe('servePage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-page-'));
  writeFileSync(join(dir, 'tfjs-backend-wasm-simd.wasm'), Uint8Array.of(0, 0x61, 0x73, 0x6d));
  writeFileSync(join(dir, 'package.json'), '{}');
  let server: Awaited<ReturnType<typeof servePage>>;
  let base: string;
  beforeAll(async () => {
    server = await servePage('globalThis.strataBench = {};', dir);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true });
  });

  it('serves the page and its bundle with the cross-origin isolation headers', async () => {
    const html = await fetch(`${base}/`);
    expect(html.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(html.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(await html.text()).toContain('<script type="module" src="/page.js"></script>');
    const page = await fetch(`${base}/page.js`);
    expect(page.headers.get('content-type')).toBe('text/javascript');
    expect(page.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(await page.text()).toBe('globalThis.strataBench = {};');
  });

  it("serves tfjs-wasm's binaries as application/wasm", async () => {
    const wasm = await fetch(`${base}/tfjs-wasm/tfjs-backend-wasm-simd.wasm`);
    expect(wasm.status).toBe(200);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await wasm.arrayBuffer())).toEqual(Uint8Array.of(0, 0x61, 0x73, 0x6d));
  });

  it('answers 404 for anything else, including other files of the wasm directory', async () => {
    expect((await fetch(`${base}/tfjs-wasm/package.json`)).status).toBe(404);
    expect((await fetch(`${base}/tfjs-wasm/missing.wasm`)).status).toBe(404);
    expect((await fetch(`${base}/tfjs-wasm/..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${base}/other.js`)).status).toBe(404);
  });
});
