import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PocketLMError } from '../src/errors/pocketlm-error.js';

/** One request the server answered. */
export interface RecordedRequest {
  path: string;
  /** Model file the path names, when it names one. */
  file: string | undefined;
  revision: string | undefined;
  range: string | undefined;
  status: number;
}

/** Behaviour switches a test flips to make the server misbehave. */
export interface HubTestSwitches {
  /** Send only this many bytes of the file's body, then close the connection. */
  cutAfter?: { file: string; bytes: number };
  /** Answer Range requests with the whole file and status 200, like a server that cannot resume. */
  ignoreRange?: boolean;
  /** Advertise a wrong sha256 (`x-linked-etag`) for this file. */
  wrongChecksum?: string;
  /** Answer these files with this status and no body (404, 401, 500…). */
  status: Map<string, number>;
  /**
   * Serve the weight file as the hub serves LFS files: a 302 carrying `x-linked-etag`, to a CDN path whose own
   * `etag` is a different 64-hex hash.
   */
  redirectWeight?: boolean;
}

export interface HubTestServer {
  /** Base URL, usable as `hubUrl`. */
  url: string;
  /** Hub id the server hosts. */
  repo: string;
  /** Base URL of the same files in a plain folder layout (`${plainUrl}/${file}`). */
  plainUrl: string;
  /** Temp folder holding the files: a complete local model directory too. */
  dir: string;
  files: Record<string, Uint8Array>;
  sha256: Record<string, string>;
  requests: RecordedRequest[];
  switches: HubTestSwitches;
  close(): Promise<void>;
}

/** Name of the weight file the server hosts; large enough that progress and resume span several chunks. */
export const WEIGHT_FILE = 'onnx/model.onnx';
export const WEIGHT_SIZE = 300 * 1024;
/** Where the weight lives when `redirectWeight` is on, like a hub CDN's content-addressed URL. */
export const CDN_PATH = `/cdn/xet/${'c'.repeat(64)}`;

/**
 * A Hugging Face–layout file server on 127.0.0.1 (`/<org>/<name>/resolve/<rev>/<file>`) with Range support and
 * the hub's etag headers: LFS-style `x-linked-etag` (sha256) for the weights, a git sha1 `etag` for JSON files.
 */
export async function startHubTestServer(model?: Record<string, Uint8Array>): Promise<HubTestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'pocketlm-hub-'));
  const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value, null, 2));
  // A real model's files (a testkit fixture) when given; otherwise small stand-ins and a random weight file.
  const files: Record<string, Uint8Array> = model ?? {
    'config.json': json({ model_type: 'llama', vocab_size: 64, hidden_size: 16, num_hidden_layers: 1 }),
    'tokenizer.json': json({ version: '1.0', model: { type: 'BPE', vocab: { a: 0, b: 1 }, merges: [] } }),
    'tokenizer_config.json': json({ chat_template: '{{ messages }}', eos_token: '</s>' }),
    'generation_config.json': json({ do_sample: false, max_new_tokens: 8 }),
    [WEIGHT_FILE]: new Uint8Array(randomBytes(WEIGHT_SIZE)),
  };
  const sha256: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(files)) {
    sha256[name] = createHash('sha256').update(bytes).digest('hex');
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), bytes);
  }

  const repo = 'pocket-org/tiny-model';
  const requests: RecordedRequest[] = [];
  const switches: HubTestSwitches = { status: new Map() };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const hub = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(path);
    const plain = /^\/plain\/tiny\/(.+)$/.exec(path);
    const cdn = path === CDN_PATH;
    const file = cdn ? WEIGHT_FILE : hub?.[1] === repo ? hub[3] : plain?.[1];
    const range = req.headers.range;
    const record = (status: number) =>
      requests.push({
        path,
        file,
        revision: hub?.[2],
        range: typeof range === 'string' ? range : undefined,
        status,
      });

    const forced = file === undefined ? undefined : switches.status.get(file);
    if (file === undefined || !(file in files) || forced !== undefined) {
      const status = forced ?? 404;
      record(status);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 404 ? 'Entry not found' : 'no');
      return;
    }

    const bytes = files[file];
    const headers: Record<string, string> = {
      'accept-ranges': 'bytes',
      'content-type': 'application/octet-stream',
    };
    const sha = file === switches.wrongChecksum ? 'f'.repeat(64) : sha256[file];
    if (file === WEIGHT_FILE && switches.redirectWeight && !cdn) {
      record(302);
      res.writeHead(302, { location: CDN_PATH, 'x-linked-etag': `"${sha}"`, 'content-length': '0' }).end();
      return;
    }
    if (cdn) {
      headers.etag = `"${'c'.repeat(64)}"`;
    } else if (file === WEIGHT_FILE || file === switches.wrongChecksum) {
      headers['x-linked-etag'] = `"${sha}"`;
      headers.etag = `W/"${sha}"`;
    } else {
      headers.etag = `"${createHash('sha1').update(bytes).digest('hex')}"`;
    }

    let start = 0;
    let status = 200;
    const rangeStart = typeof range === 'string' ? /^bytes=(\d+)-$/.exec(range) : null;
    if (rangeStart && !switches.ignoreRange) {
      start = Number(rangeStart[1]);
      if (start >= bytes.byteLength) {
        record(416);
        res.writeHead(416, { 'content-range': `bytes */${bytes.byteLength}` }).end();
        return;
      }
      status = 206;
      headers['content-range'] = `bytes ${start}-${bytes.byteLength - 1}/${bytes.byteLength}`;
    }
    const body = bytes.subarray(start);
    headers['content-length'] = String(body.byteLength);
    record(status);
    res.writeHead(status, headers);

    const cut = switches.cutAfter;
    if (cut !== undefined && cut.file === file && cut.bytes < body.byteLength) {
      // Let the client take in the bytes before the socket dies, so the partial file really holds them.
      res.write(body.subarray(0, cut.bytes), () => setTimeout(() => res.socket?.destroy(), 100));
      return;
    }
    res.end(body);
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    repo,
    plainUrl: `${url}/plain/tiny`,
    dir,
    files,
    sha256,
    requests,
    switches,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Byte equality without the element-by-element diffing that makes `toEqual` crawl on large arrays. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return (
    a.byteLength === b.byteLength && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b))
  );
}

/** The PocketLMError a promise rejects with (fails the test if it resolves or throws something else). */
export async function rejection(promise: Promise<unknown>): Promise<PocketLMError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!PocketLMError.isInstance(error)) throw new Error(`expected a PocketLMError, got ${String(error)}`);
  return error;
}
