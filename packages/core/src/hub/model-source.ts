import { PocketLMError } from '../errors/pocketlm-error.js';

/** A model that lives on a server: a Hugging Face–style hub repo or a plain HTTP(S) folder. */
export interface RemoteModelSource {
  kind: 'hub' | 'url';
  /** Human-readable identity, e.g. `hub:org/name@main` or the base URL. */
  id: string;
  /** Model store key for this model revision, e.g. `hf/org/name/main` or `url/host_8080/models/tiny`. */
  cacheKey: string;
  /** Absolute URL of one model file (relative name with `/` separators). */
  fileUrl(file: string): string;
}

/** A source that was written as a filesystem path; it only means something to a store that can open it. */
export interface PathModelSource {
  kind: 'path';
  path: string;
}

export type ModelSource = RemoteModelSource | PathModelSource;

export interface ParseModelSourceOptions {
  /** Hub base URL; default `https://huggingface.co`. */
  hubUrl?: string;
  /** Revision when the source names none with `@revision`; default `main`. */
  revision?: string;
}

export const DEFAULT_HUB_URL = 'https://huggingface.co';
export const DEFAULT_REVISION = 'main';

// Paths are recognised by their first characters, so `org/name` stays a hub id unless a store opened it locally.
const PATH_LIKE = /^(?:\.|\/|~|[A-Za-z]:[\\/]|\\\\|file:)/;
const HUB_ID = /^([\w.-]+)\/([\w.-]+)(?:@(.+))?$/;
const HTTP_URL = /^https?:\/\//i;

/**
 * Classifies a model source string: a path, a hub id (`org/name` or `org/name@revision`), or an `http(s)://` base
 * URL. Throws `MODEL_NOT_FOUND` for a string that is none of these.
 */
export function parseModelSource(source: string, options: ParseModelSourceOptions = {}): ModelSource {
  const trimmed = source.trim();
  if (HTTP_URL.test(trimmed)) return urlSource(trimmed);
  if (PATH_LIKE.test(trimmed)) return { kind: 'path', path: trimmed };
  const hub = HUB_ID.exec(trimmed);
  if (hub && !isDots(hub[1]) && !isDots(hub[2])) {
    return hubSource(
      hub[1],
      hub[2],
      hub[3] ?? options.revision ?? DEFAULT_REVISION,
      options.hubUrl ?? DEFAULT_HUB_URL,
    );
  }
  throw new PocketLMError(
    'MODEL_NOT_FOUND',
    `Model source "${source}" is not an existing local directory, a hub id ("org/name" or "org/name@revision") ` +
      'or an http(s):// URL.',
    { details: { source } },
  );
}

function hubSource(org: string, name: string, revision: string, hubUrl: string): RemoteModelSource {
  const base = `${hubUrl.replace(/\/+$/, '')}/${encodeURIComponent(org)}/${encodeURIComponent(name)}`;
  const rev = encodeURIComponent(revision);
  return {
    kind: 'hub',
    id: `hub:${org}/${name}@${revision}`,
    // The revision is encoded so `refs/pr/1` stays one key segment instead of three folders.
    cacheKey: `hf/${org}/${name}/${rev}`,
    fileUrl: (file) => `${base}/resolve/${rev}/${encodeFilePath(file)}`,
  };
}

function urlSource(source: string): RemoteModelSource {
  let base: URL;
  try {
    base = new URL(source);
  } catch (cause) {
    throw new PocketLMError('MODEL_NOT_FOUND', `Model source "${source}" is not a valid URL.`, {
      cause,
      details: { source },
    });
  }
  base.hash = '';
  const basePath = base.pathname.replace(/\/+$/, '');
  const segments = [
    base.host,
    ...basePath
      .split('/')
      .filter((s) => s !== '')
      .map(safeDecode),
  ];
  return {
    kind: 'url',
    id: base.href,
    cacheKey: ['url', ...segments.map(sanitizeKeySegment)].join('/'),
    fileUrl: (file) => {
      const url = new URL(base.href);
      url.pathname = `${basePath}/${encodeFilePath(file)}`;
      return url.href;
    },
  };
}

/** Encodes each `/`-separated segment of a relative file name for use in a URL path. */
export function encodeFilePath(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function sanitizeKeySegment(segment: string): string {
  const clean = segment.replace(/[^A-Za-z0-9._-]/g, '_');
  return isDots(clean) ? clean.replace(/\./g, '_') : clean;
}

function isDots(segment: string): boolean {
  return /^\.+$/.test(segment);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
