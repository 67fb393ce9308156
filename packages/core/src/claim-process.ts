// Loaded first by the package's entry: records this copy of @strata/core on globalThis and
// refuses to load when another copy is already there (see DuplicateCoreError).
import { DuplicateCoreError } from './duplicate-core-error.js';
import { VERSION } from './version.js';

interface CoreCopy {
  readonly version: string;
  readonly url: string;
}

const KEY = Symbol.for('@strata/core');
const slot = globalThis as { [KEY]?: CoreCopy };
const here: CoreCopy = { version: VERSION, url: import.meta.url };
const first = slot[KEY];
// The same file evaluated again (a test runner's fresh module graph, a hot reload) is one copy.
if (first !== undefined && (first.url !== here.url || first.version !== here.version)) {
  throw new DuplicateCoreError(
    `@strata/core: expected one copy per process, got a second: ${first.version} at ${first.url} was loaded first, now ${here.version} at ${here.url}. Backends and tensors of one copy do not work with the other. Install one version: \`npm ls @strata/core\` (or \`pnpm why @strata/core\`) shows which packages bring each; align their versions and run \`npm dedupe\` (or reinstall), and import the @strata packages from one node_modules tree.`,
  );
}
slot[KEY] = here;
