import type { NodeBuiltins } from './node-builtins.js';

/** @internal Limits and reporting of one download request. */
export interface HttpGetOptions {
  /** Milliseconds without a byte from the server (to connect, answer, or go on) before giving up. */
  readonly timeout: number;
  /** The most bytes the body may have; a larger announced or received body is refused. */
  readonly maxBytes: number;
  /** Called after each piece of the body, with the bytes so far and the announced length. */
  readonly onData: (received: number, total: number | null) => void;
}

const MAX_REDIRECTS = 5;

/**
 * @internal The body of a `GET url` with a status 200, or a rejection whose message says why
 * not (status, timeout, size, connection): one request on a connection of its own (`agent:
 * false`), so no request ever goes out on a pooled connection that the server is closing, and
 * a failure is always the mirror's, never an artefact of reuse. Follows up to 5 redirects.
 */
export function httpGet(node: NodeBuiltins, url: string, options: HttpGetOptions, redirects = 0): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let request: ReturnType<typeof node.http.get> | undefined;
    const fail = (reason: string): void => {
      if (settled) return;
      settled = true;
      request?.destroy();
      reject(new Error(reason));
    };
    const target = new URL(url);
    const client = target.protocol === 'https:' ? node.https : node.http;
    try {
      request = client.get(
        target,
        { agent: false, timeout: options.timeout, headers: { 'accept-encoding': 'identity' } },
        (response) => {
          const status = response.statusCode ?? 0;
          const location = response.headers.location;
          if (status >= 300 && status < 400 && location !== undefined) {
            response.resume();
            if (redirects >= MAX_REDIRECTS) return fail(`more than ${MAX_REDIRECTS} redirects`);
            settled = true;
            request?.destroy();
            httpGet(node, new URL(location, target).href, options, redirects + 1).then(resolve, reject);
            return;
          }
          if (status !== 200) {
            response.resume();
            return fail(`HTTP ${status} ${response.statusMessage ?? ''}`.trimEnd());
          }
          const length = Number(response.headers['content-length']);
          const total = response.headers['content-length'] !== undefined && Number.isFinite(length) ? length : null;
          if (total !== null && total > options.maxBytes) {
            return fail(`the server announces ${total} bytes, more than the ${options.maxBytes} the file can have`);
          }
          const chunks: Uint8Array[] = [];
          let received = 0;
          response.on('data', (chunk: Uint8Array) => {
            received += chunk.length;
            if (received > options.maxBytes) return fail(`more than the ${options.maxBytes} bytes the file can have`);
            chunks.push(chunk);
            options.onData(received, total);
          });
          response.on('end', () => {
            if (total !== null && received !== total) return fail(`the body ended after ${received} of ${total} bytes`);
            if (settled) return;
            settled = true;
            const body = new Uint8Array(received);
            let offset = 0;
            for (const chunk of chunks) {
              body.set(chunk, offset);
              offset += chunk.length;
            }
            resolve(body);
          });
          // A connection cut mid-body ends the response with an error or a bare close.
          const cut = () =>
            fail(`the connection closed after ${received}${total === null ? '' : ` of ${total}`} bytes`);
          response.on('error', cut);
          response.on('close', cut);
        },
      );
    } catch (error) {
      return fail(`request failed (${(error as Error).message})`);
    }
    request.on('timeout', () => fail(`no data from the server for ${options.timeout / 1000} s`));
    request.on('error', (error) => fail(`request failed (${error.message})`));
  });
}
