import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';
import { parseByteRange } from './byte-range.js';
import { contentTypeFor } from './content-type.js';

/** What a {@link StaticServer} serves and how. */
export interface StaticServerOptions {
  /** Folder served at `/` (`/` itself answers with its `index.html`). */
  root?: string;
  /** More folders, each under a URL prefix: `{ '/models/tiny': fixtureDir }`. */
  mounts?: Record<string, string>;
  /** In-memory files by URL path (`'/index.html'`); they win over folders. Tests may change it later. */
  files?: Record<string, Uint8Array | string>;
  /**
   * Send `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp` so pages are
   * cross-origin isolated (`SharedArrayBuffer`, hence WASM threads).
   */
  crossOriginIsolated?: boolean;
  /** Send each file's sha256 as its `ETag`, as Hugging Face does for LFS files (the downloader then checks it). */
  sha256Etags?: boolean;
}

/** One request the server answered. */
export interface ServedRequest {
  method: string;
  path: string;
  range: string | undefined;
  status: number;
}

/** A running fixture server on 127.0.0.1. */
export interface StaticServer {
  /** Base URL without a trailing slash (`http://127.0.0.1:PORT`). */
  url: string;
  /** Every request answered so far, in order. */
  requests: ServedRequest[];
  /** In-memory files (mutable: add, replace or delete entries between requests). */
  files: Map<string, Uint8Array>;
  /** Requests whose path starts with `prefix` (all requests when omitted). */
  requestCount(prefix?: string): number;
  /** Forgets the recorded requests. */
  resetRequests(): void;
  /**
   * The next response for `path` sends only `bytes` bytes of its body and then drops the connection, once: a
   * download interrupted halfway. Later requests are answered normally.
   */
  cutOnce(path: string, bytes: number): void;
  /**
   * The next response for `path` has no `Content-Length` (sent chunked), once, like a server compressing on the
   * fly: the client cannot know the size before the body arrives.
   */
  omitLengthOnce(path: string): void;
  close(): Promise<void>;
}

/**
 * Starts a static file server for tests on 127.0.0.1: folders and in-memory files, single `Range` requests (206 and
 * 416), optional COOP/COEP headers, one-shot interrupted responses, and a request log so a test can assert that a
 * page made no network request. Responses carry `Cache-Control: no-store` so the browser's own HTTP cache can never
 * stand in for the code under test.
 */
export async function startStaticServer(options: StaticServerOptions = {}): Promise<StaticServer> {
  const files = new Map<string, Uint8Array>();
  for (const [path, content] of Object.entries(options.files ?? {})) {
    files.set(path, typeof content === 'string' ? new TextEncoder().encode(content) : content);
  }
  const mounts = Object.entries({ ...(options.root ? { '/': options.root } : {}), ...(options.mounts ?? {}) })
    // Longest prefix first, so `/models/tiny` wins over `/`.
    .sort(([a], [b]) => b.length - a.length);
  const requests: ServedRequest[] = [];
  const cuts = new Map<string, number>();
  const unsized = new Set<string>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const range = typeof req.headers.range === 'string' ? req.headers.range : undefined;
    const headers: Record<string, string> = { 'cache-control': 'no-store', 'accept-ranges': 'bytes' };
    if (options.crossOriginIsolated) {
      headers['cross-origin-opener-policy'] = 'same-origin';
      headers['cross-origin-embedder-policy'] = 'require-corp';
      headers['cross-origin-resource-policy'] = 'same-origin';
    }
    const answer = (status: number, body?: Uint8Array) => {
      requests.push({ method: req.method ?? 'GET', path, range, status });
      res.writeHead(status, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    };

    const bytes = await lookup(path, files, mounts);
    if (bytes === undefined) {
      headers['content-type'] = 'text/plain';
      answer(404, new TextEncoder().encode('Not found'));
      return;
    }
    headers['content-type'] = contentTypeFor(path.endsWith('/') ? 'index.html' : path);
    if (options.sha256Etags) headers.etag = `"${createHash('sha256').update(bytes).digest('hex')}"`;

    const wanted = parseByteRange(range, bytes.byteLength);
    if (wanted === 'unsatisfiable') {
      headers['content-range'] = `bytes */${bytes.byteLength}`;
      answer(416);
      return;
    }
    const body = wanted === undefined ? bytes : bytes.subarray(wanted.start, wanted.end + 1);
    if (wanted !== undefined)
      headers['content-range'] = `bytes ${wanted.start}-${wanted.end}/${bytes.byteLength}`;
    if (!unsized.delete(path)) headers['content-length'] = String(body.byteLength);
    const status = wanted === undefined ? 200 : 206;

    const cut = cuts.get(path);
    if (cut !== undefined && cut < body.byteLength && req.method !== 'HEAD') {
      cuts.delete(path);
      requests.push({ method: req.method ?? 'GET', path, range, status });
      res.writeHead(status, headers);
      // Let the client take in the bytes before the socket dies, so a partial file really holds them.
      res.write(body.subarray(0, cut), () => setTimeout(() => res.socket?.destroy(), 100));
      return;
    }
    answer(status, body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      requests.push({ method: req.method ?? 'GET', path: req.url ?? '', range: undefined, status: 500 });
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    files,
    requestCount: (prefix = '') => requests.filter((r) => r.path.startsWith(prefix)).length,
    resetRequests: () => {
      requests.length = 0;
    },
    cutOnce: (path, bytes) => {
      cuts.set(path, bytes);
    },
    omitLengthOnce: (path) => {
      unsized.add(path);
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The bytes a URL path names: an in-memory file, else a file inside the longest matching mount. */
async function lookup(
  path: string,
  files: Map<string, Uint8Array>,
  mounts: [string, string][],
): Promise<Uint8Array | undefined> {
  const inMemory = files.get(path) ?? (path.endsWith('/') ? files.get(`${path}index.html`) : undefined);
  if (inMemory !== undefined) return inMemory;
  for (const [prefix, dir] of mounts) {
    const base = prefix.endsWith('/') ? prefix : `${prefix}/`;
    if (!path.startsWith(base) && path !== prefix) continue;
    const relative = normalize(path.slice(base.length) || 'index.html');
    // Never serve outside the mounted folder.
    if (relative.startsWith('..') || relative.startsWith(sep)) return undefined;
    let full = join(dir, relative);
    const info = await stat(full).catch(() => undefined);
    if (info?.isDirectory()) {
      full = join(full, 'index.html');
    } else if (info === undefined) {
      continue;
    }
    const bytes = await readFile(full).catch(() => undefined);
    if (bytes !== undefined) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  return undefined;
}
