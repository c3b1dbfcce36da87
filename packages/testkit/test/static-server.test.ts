import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseByteRange } from '../src/http/byte-range.js';
import { type StaticServer, startStaticServer } from '../src/http/static-server.js';

describe('startStaticServer', () => {
  let dir: string;
  let server: StaticServer;
  const weights = new Uint8Array(50_000).map((_, i) => i % 251);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pocketlm-static-'));
    await writeFile(join(dir, 'index.html'), '<p>hi</p>');
    await writeFile(join(dir, 'ort.wasm'), new Uint8Array([0, 97, 115, 109]));
    server = await startStaticServer({
      root: dir,
      mounts: { '/models/m': dir },
      files: { '/w.bin': weights },
      crossOriginIsolated: true,
      sha256Etags: true,
    });
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves folders, mounts and in-memory files with types and isolation headers', async () => {
    const index = await fetch(`${server.url}/`);
    expect(await index.text()).toBe('<p>hi</p>');
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(index.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(index.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    const wasm = await fetch(`${server.url}/models/m/ort.wasm`);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await wasm.arrayBuffer())).toEqual(new Uint8Array([0, 97, 115, 109]));
    const w = await fetch(`${server.url}/w.bin`);
    expect(w.headers.get('etag')).toMatch(/^"[0-9a-f]{64}"$/);
    expect((await w.arrayBuffer()).byteLength).toBe(weights.byteLength);
    expect((await fetch(`${server.url}/missing`)).status).toBe(404);
    expect((await fetch(`${server.url}/models/m/../../etc/passwd`)).status).toBe(404);
  });

  it('answers Range requests with 206 and past-the-end ranges with 416', async () => {
    const part = await fetch(`${server.url}/w.bin`, { headers: { Range: 'bytes=49990-' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 49990-49999/50000');
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(weights.subarray(49990));
    const past = await fetch(`${server.url}/w.bin`, { headers: { Range: 'bytes=50000-' } });
    expect(past.status).toBe(416);
  });

  it('cuts one response after N bytes, then serves whole again, and counts requests', async () => {
    server.resetRequests();
    server.cutOnce('/w.bin', 1000);
    const cut = await fetch(`${server.url}/w.bin`);
    await expect(cut.arrayBuffer()).rejects.toThrow();
    const whole = await fetch(`${server.url}/w.bin`);
    expect((await whole.arrayBuffer()).byteLength).toBe(weights.byteLength);
    expect(server.requestCount('/w.bin')).toBe(2);
    expect(server.requestCount('/other')).toBe(0);
  });

  it('can leave out Content-Length once, sending the body chunked', async () => {
    server.omitLengthOnce('/w.bin');
    const unsized = await fetch(`${server.url}/w.bin`);
    expect(unsized.headers.get('content-length')).toBeNull();
    expect((await unsized.arrayBuffer()).byteLength).toBe(weights.byteLength);
    expect((await fetch(`${server.url}/w.bin`)).headers.get('content-length')).toBe(
      String(weights.byteLength),
    );
  });

  it('parses the Range forms a client sends', () => {
    expect(parseByteRange(undefined, 10)).toBeUndefined();
    expect(parseByteRange('bytes=2-', 10)).toEqual({ start: 2, end: 9 });
    expect(parseByteRange('bytes=2-4', 10)).toEqual({ start: 2, end: 4 });
    expect(parseByteRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 });
    expect(parseByteRange('bytes=10-', 10)).toBe('unsatisfiable');
  });
});
