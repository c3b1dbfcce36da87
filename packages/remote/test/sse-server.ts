import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the handler sees of one request: its parsed JSON body and headers. */
export interface CapturedRequest {
  body: Record<string, unknown>;
  headers: IncomingMessage['headers'];
  /** Resolves when the client closes the connection before the response ended (a cancelled request). */
  aborted: Promise<void>;
}

/**
 * A node:http server on loopback whose handler writes raw bytes, for protocol-level tests of the SSE client: it
 * lets a test split an event (or a UTF-8 character) across writes, or send a malformed stream, which a real
 * OpenAI-compatible server never would on purpose.
 */
export async function startRawServer(
  handler: (request: CapturedRequest, response: ServerResponse) => unknown,
): Promise<{ baseURL: string; requests: CapturedRequest[]; close(): Promise<void> }> {
  const requests: CapturedRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const aborted = new Promise<void>((resolve) => {
      res.on('close', () => {
        if (!res.writableFinished) resolve();
      });
    });
    const captured = {
      body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      headers: req.headers,
      aborted,
    };
    requests.push(captured);
    await handler(captured, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `data: <json>\n\n` for one chunk. */
export function sse(data: unknown): string {
  return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

/** A content chunk in OpenAI's shape. */
export function contentChunk(content: string, finishReason: string | null = null): unknown {
  return {
    id: 'c1',
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta: { content }, finish_reason: finishReason }],
  };
}

/** A port nothing listens on: bound once, then closed. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
