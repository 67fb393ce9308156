// The API reference: typedoc over every published package (each entry point of its `exports`, as
// the package's typedoc.json lists them), rendered to markdown pages under api/ with a sidebar per
// package (api/typedoc-sidebar.json, read by .vitepress/config.ts). The root typedoc.json holds the
// validation rules, so an undocumented export fails here as it fails `pnpm docs:api`.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Application } from 'typedoc';
import { DOCS_ROOT, REPO_ROOT } from './paths.mjs';

/** Writes api/ and throws when typedoc reports an error or a validation warning. */
export async function generateApi() {
  const out = join(DOCS_ROOT, 'api');
  rmSync(out, { recursive: true, force: true });
  const app = await Application.bootstrapWithPlugins({
    options: join(REPO_ROOT, 'typedoc.json'),
    plugin: ['typedoc-plugin-markdown', 'typedoc-vitepress-theme'],
    out,
    docsRoot: DOCS_ROOT,
    excludeScopesInPaths: true,
    hidePageHeader: true,
  });
  const project = await app.convert();
  if (project === undefined) throw new Error('docs api: typedoc could not convert the packages (see above)');
  app.validate(project);
  if (app.logger.hasErrors() || app.logger.hasWarnings()) {
    throw new Error('docs api: typedoc reported problems (see above); every export needs TSDoc with an @example');
  }
  await app.generateOutputs(project);
}
