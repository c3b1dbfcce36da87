import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PocketLMError } from '@pocketlm/core';
import { createRequestHandler } from './create-request-handler.js';
import {
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEFAULT_SHUTDOWN_GRACE_MS,
  type RunningServer,
  type ServerOptions,
} from './server-options.js';

/**
 * Starts an OpenAI-compatible HTTP server over the given models and resolves once it listens.
 *
 * ```ts
 * const server = await startServer({ models: { tiny: { generator: engine } }, port: 0 });
 * const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused' });
 * ```
 *
 * @throws PocketLMError `INVALID_OPTIONS` for bad options; the listen error (say `EADDRINUSE`) as it comes.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const handler = createRequestHandler(options);
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? DEFAULT_PORT;
  const graceDefault = options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new PocketLMError('INVALID_OPTIONS', `"port" must be an integer from 0 to 65535, got ${port}.`);
  }
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const url = `http://${urlHost}:${actualPort}`;
  const log = options.log ?? (() => {});
  log(`listening on ${url}`);

  let closing: Promise<void> | undefined;
  const close = (closeOptions: { graceMs?: number } = {}): Promise<void> => {
    closing ??= (async () => {
      handler.drain();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Idle keep-alive connections would hold close() open until they time out.
      server.closeIdleConnections();
      const graceMs = closeOptions.graceMs ?? graceDefault;
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), graceMs);
      });
      const outcome = await Promise.race([handler.idle().then(() => 'idle' as const), graceOver]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        log(`shutdown: aborting ${handler.activeRequests} request(s) after ${graceMs} ms`);
        handler.abortAll();
        await handler.idle();
      }
      server.closeAllConnections();
      await closed;
      log('closed');
    })();
    return closing;
  };
  options.signal?.addEventListener('abort', () => void close(), { once: true });
  if (options.signal?.aborted) await close();
  return { url, port: actualPort, close };
}
