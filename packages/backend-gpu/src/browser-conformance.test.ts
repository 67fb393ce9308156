import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { bundleForPage, withBlankPage } from './browser/chromium.js';
import type { ShimResult } from './browser/vitest-shim.js';

// The page runs the core conformance suite on the 'gpu' backend in webgl2 mode, flat and with the
// row layout forced on small tensors, with 'vitest' aliased to the shim.
const page = fileURLToPath(new URL('./browser/conformance-page.ts', import.meta.url));
const shim = fileURLToPath(new URL('./browser/vitest-shim.ts', import.meta.url));

// Twice the suite on SwiftShader compiles a few thousand programs: 16.5 minutes on the 2-core machine
// under a load average of 14 (with the indexing and in-place sections). The limit only catches a hang.
it('the core conformance suite passes on the gpu backend in headless Chromium (WebGL2), flat and in rows', {
  timeout: 1_800_000,
}, async () => {
  const code = await bundleForPage(page, { vitest: shim });
  await withBlankPage(async (tab, errors) => {
    await tab.addScriptTag({ content: code, type: 'module' });
    await tab
      .waitForFunction(() => 'conformanceResult' in globalThis, null, { timeout: 30_000 })
      .catch((error: Error) => {
        throw new Error(`${error.message}; page errors: ${errors.join('; ') || 'none'}`);
      });
    const result = await tab.evaluate(
      () => (globalThis as unknown as { conformanceResult: Promise<ShimResult> }).conformanceResult,
    );
    console.log(
      `headless Chromium: ${result.passed} passed, ${result.skipped} skipped (float64 only), ${result.failures.length} failed`,
    );
    expect(errors).toEqual([]);
    expect(result.failures).toEqual([]);
    expect(result.passed).toBeGreaterThan(2 * 400);
  });
});
