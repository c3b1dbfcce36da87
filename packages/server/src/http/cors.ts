import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * CORS for browser pages that call the server (a web app talking to a model on the user's machine). `origin` is
 * `*` or a list of allowed origins; a request from another origin gets no CORS headers, so the browser blocks it.
 * Returns true when the request was a preflight (`OPTIONS`), which is answered here with 204.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, origin: string | string[]): boolean {
  const requestOrigin = req.headers.origin;
  const allowed =
    origin === '*'
      ? '*'
      : requestOrigin && [origin].flat().includes(requestOrigin)
        ? requestOrigin
        : undefined;
  if (allowed) {
    res.setHeader('Access-Control-Allow-Origin', allowed);
    if (allowed !== '*') res.setHeader('Vary', 'Origin');
  }
  if (req.method !== 'OPTIONS') return false;
  if (allowed) {
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'authorization, content-type');
    res.setHeader('Access-Control-Max-Age', '600');
  }
  res.writeHead(204).end();
  return true;
}
