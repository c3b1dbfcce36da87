import type { Engine } from '@pocketlm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveServer, tinyEngine } from './live-server.js';

describe('CORS for browser pages', () => {
  let engine: Engine;

  beforeAll(async () => {
    engine = await tinyEngine();
  });
  afterAll(async () => {
    await engine?.dispose();
  });

  it('sends no CORS headers by default', async () => {
    const { server } = await liveServer(engine);
    try {
      const response = await fetch(`${server.url}/v1/models`, { headers: { origin: 'http://app.test' } });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await server.close();
    }
  });

  it('answers preflights and marks responses for the allowed origins only', async () => {
    const { server } = await liveServer(engine, { corsOrigin: ['http://app.test'], apiKey: 'k' });
    try {
      const preflight = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://app.test',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('http://app.test');
      expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
      const allowed = await fetch(`${server.url}/v1/models`, {
        headers: { origin: 'http://app.test', authorization: 'Bearer k' },
      });
      expect(allowed.status).toBe(200);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('http://app.test');
      // Errors carry the header too, so the page can read them.
      const unauthorized = await fetch(`${server.url}/v1/models`, { headers: { origin: 'http://app.test' } });
      expect(unauthorized.status).toBe(401);
      expect(unauthorized.headers.get('access-control-allow-origin')).toBe('http://app.test');
      const other = await fetch(`${server.url}/v1/models`, {
        headers: { origin: 'http://evil.test', authorization: 'Bearer k' },
      });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await server.close();
    }
  });
});
