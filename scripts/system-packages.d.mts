/** A group of Debian packages and what it enables. */
export interface SystemPackageGroup {
  readonly packages: readonly string[];
  readonly purpose: string;
}
/** Package groups, each with what it enables. */
export const SYSTEM_PACKAGES: Record<
  'glBuild' | 'glRun' | 'chromium' | 'wasm' | 'fashionMnist' | 'fonts',
  SystemPackageGroup
>;
/** Every package of every group. */
export const ALL_SYSTEM_PACKAGES: readonly string[];
/** The packages of `names` that dpkg does not report installed; `undefined` without dpkg. */
export function missingPackages(names: readonly string[]): string[] | undefined;
/** The command that installs the groups `keys` and reruns the tests. */
export function enableCommand(keys: readonly (keyof typeof SYSTEM_PACKAGES)[]): string;
