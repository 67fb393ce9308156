// Runs a built bundler example in headless Chromium and checks what its page reports:
//   node ../lenet-page/run-in-chromium.mjs <dist dir> [<entry script>]
// The dist directory is served with the headers that make the page cross-origin isolated (so the
// CPU backend runs on threads); without an index.html in it, a page loading <entry script> as an
// ES module is served. Exits 1 unless both backends trained, with finite losses that agree step
// for step (same seed, same batches), and the CPU backend ran WebAssembly on more than one thread. Without Chromium it says so and what
// enables it, and exits 0: the production build itself has then been the test.
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve } from 'node:path';

const [distArg, entry = 'main.js'] = process.argv.slice(2);
const dist = resolve(distArg ?? 'dist');
const name = `examples/${resolve(dist, '..').split(/[\\/]/).pop()}`;
const chromiumPath = '/usr/bin/chromium';
if (!existsSync(chromiumPath)) {
  console.log(
    `${name}: built; not run in a browser: no Chromium at ${chromiumPath}. Enable with: sudo apt-get install -y chromium && npm test`,
  );
  process.exit(0);
}

const types = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
};
const page = `<!doctype html><meta charset="utf-8"><title>strata</title><script type="module" src="/${entry}"></script>`;
const server = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const file = join(dist, path === '/' ? 'index.html' : path);
  const body = file.startsWith(dist) && existsSync(file) ? readFileSync(file) : path === '/' ? page : undefined;
  if (body === undefined) {
    response.writeHead(404).end();
    return;
  }
  response
    .writeHead(200, {
      'content-type': types[path === '/' ? '.html' : extname(file)] ?? 'application/octet-stream',
      // Cross-origin isolation: SharedArrayBuffer, hence the CPU backend's kernel threads.
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    })
    .end(body);
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  // WebGL2 on SwiftShader; `--use-gl=swiftshader` would turn WebGL off.
  args: [
    '--no-sandbox',
    '--use-angle=swiftshader',
    '--enable-unsafe-swiftshader',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});
const problems = [];
let result;
try {
  const tab = await browser.newPage();
  tab.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await tab.goto(`http://127.0.0.1:${server.address().port}/`);
  await tab.waitForFunction(() => 'strataExample' in globalThis, null, { timeout: 60_000 });
  result = await tab.evaluate(() => globalThis.strataExample);
} finally {
  await browser.close();
  server.close();
}

if (result?.error) problems.push(result.error);
else if (result) {
  if (!result.crossOriginIsolated) problems.push('the page was not cross-origin isolated');
  if (result.wasm !== 'on') problems.push(`WebAssembly kernels off: ${result.wasm}`);
  if (!(result.threads > 1)) problems.push(`expected the CPU backend on more than one thread, got ${result.threads}`);
  for (const backend of ['cpu', 'gpu']) {
    const { losses } = result[backend];
    if (losses.length < 2 || !losses.every(Number.isFinite)) problems.push(`${backend}: losses ${losses}`);
    else if (losses.every((loss) => loss === losses[0])) problems.push(`${backend}: the loss never changed (${losses[0]})`);
  }
  // Same seed, same batches: the two backends must follow the same training trajectory.
  const { losses: cpu } = result.cpu;
  const { losses: gpu } = result.gpu;
  if (cpu.length !== gpu.length || cpu.some((loss, k) => Math.abs(loss - gpu[k]) > 1e-3 * Math.max(1, Math.abs(loss)))) {
    problems.push(`cpu and gpu trained differently: cpu ${cpu.join(', ')}; gpu ${gpu.join(', ')}`);
  }
}
if (problems.length > 0) {
  console.error(`${name}: FAILED in headless Chromium: ${problems.join('; ')}`);
  process.exit(1);
}
const summary = (r) =>
  `${r.losses.length} steps, loss ${r.losses[0].toFixed(3)} -> ${r.losses.at(-1).toFixed(3)}, accuracy ${r.accuracy.toFixed(3)}`;
console.log(
  `${name}: trained in headless Chromium with 2 DataLoader workers: cpu (WebAssembly, ${result.threads} threads) ${summary(result.cpu)}; gpu (WebGL2) ${summary(result.gpu)}`,
);
