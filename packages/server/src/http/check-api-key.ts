import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';

/** Throws 401 unless the request carries `Authorization: Bearer <apiKey>`; compared in constant time. */
export function checkApiKey(req: IncomingMessage, apiKey: string): void {
  const header = req.headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match) {
    throw new HttpError(401, 'This server needs an API key: send "Authorization: Bearer <key>".', {
      code: 'invalid_api_key',
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
  }
  if (!sameSecret(match[1], apiKey)) {
    throw new HttpError(401, 'The API key is not valid for this server.', {
      code: 'invalid_api_key',
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  // timingSafeEqual needs equal lengths; comparing b with itself keeps the time independent of the guess.
  return a.length === b.length ? timingSafeEqual(a, b) : !timingSafeEqual(b, b);
}
