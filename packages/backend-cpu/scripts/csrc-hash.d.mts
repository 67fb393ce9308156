/** The clang version line the committed kernels are built with. */
export const PINNED_CLANG: string;
/** The generated module, relative to the package root. */
export const GENERATED_PATH: string;
/** The C sources and headers under csrc/, relative to the package root, sorted. */
export function csrcSources(root: string): string[];
/** sha256 over every source's name and bytes, in order. */
export function csrcHash(root: string): string;
