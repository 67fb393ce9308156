import type { BrowserReport } from '../report.js';

/**
 * Where the bench's server serves tfjs-wasm's `.wasm` binaries, for the page's `setWasmPaths`.
 *
 * @example
 * ```ts
 * setWasmPaths(TFJS_WASM_PATH);
 * ```
 */
export const TFJS_WASM_PATH = '/tfjs-wasm/';

/**
 * What the page leaves on `globalThis.strataBench`: its figures (the driver adds the browser's
 * version), or why it failed.
 *
 * @example
 * ```ts
 * const outcome = await tab.evaluate(() => (globalThis as { strataBench?: PageOutcome }).strataBench);
 * ```
 */
export type PageOutcome = Omit<BrowserReport, 'browser'> | { error: string };
