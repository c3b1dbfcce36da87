import { describe, expect, it } from 'vitest';
import { PocketLMError } from '../src/errors/pocketlm-error.js';
import { normalizeSha256, sha256FromHeaders } from '../src/hub/integrity.js';
import { parseModelSource, type RemoteModelSource } from '../src/hub/model-source.js';

const SHA = 'ab'.repeat(32);

function remote(source: string, options = {}): RemoteModelSource {
  const parsed = parseModelSource(source, options);
  if (parsed.kind === 'path') throw new Error(`${source} parsed as a path`);
  return parsed;
}

describe('parseModelSource', () => {
  it('reads a hub id with the default hub and revision', () => {
    const s = remote('HuggingFaceTB/SmolLM2-135M');
    expect(s.kind).toBe('hub');
    expect(s.id).toBe('hub:HuggingFaceTB/SmolLM2-135M@main');
    expect(s.cacheKey).toBe('hf/HuggingFaceTB/SmolLM2-135M/main');
    expect(s.fileUrl('onnx/model.onnx')).toBe(
      'https://huggingface.co/HuggingFaceTB/SmolLM2-135M/resolve/main/onnx/model.onnx',
    );
  });

  it('takes the revision from @revision before the option, and encodes it as one segment', () => {
    expect(remote('org/name@v1.0', { revision: 'dev' }).fileUrl('config.json')).toBe(
      'https://huggingface.co/org/name/resolve/v1.0/config.json',
    );
    const pr = remote('org/name', { revision: 'refs/pr/1', hubUrl: 'http://127.0.0.1:9/' });
    expect(pr.fileUrl('a b/c#d.json')).toBe(
      'http://127.0.0.1:9/org/name/resolve/refs%2Fpr%2F1/a%20b/c%23d.json',
    );
    expect(pr.cacheKey).toBe('hf/org/name/refs%2Fpr%2F1');
  });

  it('reads an http(s) base URL, keeping its query and making a filesystem-safe cache key', () => {
    const s = remote('https://models.example.com:8443/team/tiny%20model/?sig=abc');
    expect(s.kind).toBe('url');
    expect(s.fileUrl('onnx/model.onnx')).toBe(
      'https://models.example.com:8443/team/tiny%20model/onnx/model.onnx?sig=abc',
    );
    expect(s.cacheKey).toBe('url/models.example.com_8443/team/tiny_model');
  });

  it('treats ., /, ~, drive letters and file: URLs as paths', () => {
    for (const p of ['./m', '../m', '/opt/m', '~/m', 'C:\\models\\m', 'd:/m', 'file:///opt/m', '.hidden/m']) {
      expect(parseModelSource(p)).toEqual({ kind: 'path', path: p });
    }
  });

  it('rejects strings that are no source with MODEL_NOT_FOUND', () => {
    for (const bad of ['gpt2', 'a/b/c', 'org/..', 'org/name@', 'has space/x']) {
      let caught: unknown;
      try {
        parseModelSource(bad);
      } catch (e) {
        caught = e;
      }
      expect(PocketLMError.isInstance(caught, 'MODEL_NOT_FOUND'), bad).toBe(true);
      expect((caught as Error).message).toContain(bad);
    }
  });
});

describe('sha256 from hub headers', () => {
  it('prefers x-linked-etag and strips quotes and W/', () => {
    expect(sha256FromHeaders(new Headers({ 'x-linked-etag': `"${SHA}"`, etag: '"abc"' }))).toBe(SHA);
    expect(sha256FromHeaders(new Headers({ etag: `W/"${SHA.toUpperCase()}"` }))).toBe(SHA);
  });

  it('can be told to distrust a plain etag (a CDN hash after a redirect)', () => {
    expect(sha256FromHeaders(new Headers({ etag: `"${SHA}"` }), { etag: false })).toBeUndefined();
    expect(sha256FromHeaders(new Headers({ 'x-linked-etag': SHA }), { etag: false })).toBe(SHA);
  });

  it('ignores git sha1 etags and opaque tags', () => {
    expect(sha256FromHeaders(new Headers({ etag: `"${'a'.repeat(40)}"` }))).toBeUndefined();
    expect(sha256FromHeaders(new Headers({ etag: '"5f3c-1a2b"' }))).toBeUndefined();
    expect(sha256FromHeaders(new Headers())).toBeUndefined();
  });

  it('normalizes user-supplied digests', () => {
    expect(normalizeSha256(`sha256:${SHA.toUpperCase()}`)).toBe(SHA);
    expect(normalizeSha256('xyz')).toBeUndefined();
  });
});
