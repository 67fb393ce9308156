/** The worker as one ES module's source; with `registerTsx` it registers tsx first. */
export function bundleLoaderWorker(options?: { registerTsx?: boolean }): Promise<string>;
/** The generated module's text for `script`. */
export function workerScriptModule(script: string): string;
