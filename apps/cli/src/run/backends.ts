import { setBackend } from '@strata/core';
import { UsageError } from '../usage-error.js';

/** The backends the CLI knows, with the package that registers each. */
export const BACKEND_PACKAGES: Readonly<Record<string, string>> = {
  cpu: '@strata/backend-cpu',
  gpu: '@strata/backend-gpu',
};

/**
 * Why a backend cannot run here, or `null` when it can: its package is missing, or it failed
 * to start (the backend's own error, e.g. no GL context).
 *
 * @example
 * ```ts
 * await backendProblem('gpu'); // null, or 'the package @strata/backend-gpu is not installed ...'
 * ```
 */
export async function backendProblem(name: string): Promise<string | null> {
  const pkg = BACKEND_PACKAGES[name];
  if (pkg === undefined)
    return `unknown backend '${name}'; expected one of ${Object.keys(BACKEND_PACKAGES).join(', ')}`;
  try {
    await import(/* @vite-ignore */ pkg);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(pkg)) {
      return `the package ${pkg} is not installed; add it to the project (pnpm add ${pkg})`;
    }
    return `${pkg} failed to load: ${(error as Error).message}`;
  }
  try {
    setBackend(name);
  } catch (error) {
    return (error as Error).message;
  }
  return null;
}

/**
 * Registers and selects backend `name` for the run; a usage error says why it cannot.
 *
 * @example
 * ```ts
 * await useBackend('cpu');
 * ```
 */
export async function useBackend(name: string): Promise<void> {
  const problem = await backendProblem(name);
  if (problem !== null) throw new UsageError(`backend '${name}' is not available: ${problem}.`);
}
