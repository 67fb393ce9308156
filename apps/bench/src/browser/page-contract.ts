import type { BrowserReport } from '../report.js';

/** Where the bench's server serves tfjs-wasm's `.wasm` binaries, for the page's `setWasmPaths`. */
export const TFJS_WASM_PATH = '/tfjs-wasm/';

/** What the page leaves on `globalThis.strataBench`: its figures (the driver adds the browser's version), or why it failed. */
export type PageOutcome = Omit<BrowserReport, 'browser'> | { error: string };
