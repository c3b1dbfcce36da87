import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';

/**
 * Reads a request body of at most `maxBytes` and parses it as JSON. Another `Content-Type` is 415. A
 * `Content-Length` over the limit is refused before reading; a chunked body is cut off as soon as it passes the
 * limit (413 either way). Malformed JSON is 400.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  // Only JSON: a cross-origin page can POST text/plain without a CORS preflight, but not application/json.
  const type = req.headers['content-type']?.split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(
      415,
      `Send the body as JSON with "Content-Type: application/json" (got ${type ?? 'none'}).`,
      {
        code: 'INVALID_OPTIONS',
        headers: { Connection: 'close' },
      },
    );
  }
  const tooLarge = () =>
    new HttpError(413, `The request body is larger than the server's limit of ${maxBytes} bytes.`, {
      code: 'RATE_LIMITED',
      // The rest of the body is never read, so the connection cannot carry another request.
      headers: { Connection: 'close' },
    });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '')
    throw new HttpError(400, 'The request body is empty; send a JSON object.', { code: 'INVALID_OPTIONS' });
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `The request body is not valid JSON: ${(error as Error).message}`, {
      code: 'INVALID_OPTIONS',
    });
  }
}
