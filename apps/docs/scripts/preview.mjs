// `pnpm docs:preview`: serves the built site as `vitepress preview` does, plus the headers that
// make it cross-origin isolated (guide/hosting.md). `--port N` picks the port (default 4173).
import { parseArgs } from 'node:util';
import { DOCS_ROOT } from './paths.mjs';
import { previewSite } from './preview-server.mjs';

const { values } = parseArgs({ options: { port: { type: 'string', default: '4173' } } });
const { url } = await previewSite(DOCS_ROOT, Number(values.port));
console.log(`Built site served, cross-origin isolated, at ${url}`);
