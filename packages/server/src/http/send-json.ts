import type { ServerResponse } from 'node:http';
import type { HttpError } from './http-error.js';

/** Sends `body` as a JSON response. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Sends an `HttpError` as OpenAI's error body; if headers are already out (a stream), just ends the response. */
export function sendError(res: ServerResponse, error: HttpError): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, error.status, error.toBody(), error.headers);
}
