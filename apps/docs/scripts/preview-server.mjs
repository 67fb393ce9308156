// `vitepress preview` with the cross-origin-isolation headers: VitePress's own static server
// (its `serve`, the command's implementation) takes no headers option, so they are set on each
// response before its handler runs.
import { serve } from 'vitepress';

/** The headers that make a page cross-origin isolated (guide/hosting.md). */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Serves the built site of `root` on `port` (0: any free port); resolves with its URL and a stop function. */
export async function previewSite(root, port) {
  const app = await serve({ root, port });
  const server = app.server;
  server.prependListener('request', (_request, response) => {
    for (const [name, value] of Object.entries(ISOLATION_HEADERS)) response.setHeader(name, value);
  });
  if (!server.listening) await new Promise((done) => server.once('listening', done));
  const base = process.env.DOCS_BASE ?? '/';
  return {
    url: `http://localhost:${server.address().port}${base}`,
    stop: () => new Promise((done) => server.close(() => done())),
  };
}
