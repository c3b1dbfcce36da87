import type { ModelFiles } from '../src/model/model-files.js';
import type { ModelStore } from '../src/model/model-store.js';

/** A ModelStore held in maps, so the core's downloader is tested against the contract, not one filesystem. */
export class MemoryModelStore implements ModelStore {
  readonly complete = new Map<string, Map<string, Uint8Array>>();
  readonly partials = new Map<string, Uint8Array[]>();
  /** Sources `openLocal` recognises, standing in for local directories. */
  readonly local = new Map<string, ModelFiles>();

  async openLocal(source: string): Promise<ModelFiles | undefined> {
    return this.local.get(source);
  }

  files(key: string): ModelFiles {
    return memoryFiles(`memory:${key}`, () => this.complete.get(key) ?? new Map());
  }

  async has(key: string, file: string): Promise<boolean> {
    return this.complete.get(key)?.has(file) ?? false;
  }

  async partialSize(key: string, file: string): Promise<number> {
    return (this.partials.get(slot(key, file)) ?? []).reduce((n, c) => n + c.byteLength, 0);
  }

  async appendPartial(key: string, file: string, chunk: Uint8Array): Promise<void> {
    const chunks = this.partials.get(slot(key, file)) ?? [];
    chunks.push(chunk.slice());
    this.partials.set(slot(key, file), chunks);
  }

  async discardPartial(key: string, file: string): Promise<void> {
    this.partials.delete(slot(key, file));
  }

  async partialSha256(key: string, file: string): Promise<string> {
    const digest = await crypto.subtle.digest('SHA-256', this.partialBytes(key, file));
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  }

  async commit(key: string, file: string): Promise<void> {
    const files = this.complete.get(key) ?? new Map<string, Uint8Array>();
    files.set(file, this.partialBytes(key, file));
    this.complete.set(key, files);
    this.partials.delete(slot(key, file));
  }

  async list(): Promise<string[]> {
    return [...this.complete.keys()].sort();
  }

  async delete(key: string): Promise<void> {
    this.complete.delete(key);
    for (const s of [...this.partials.keys()]) if (s.startsWith(`${key}\0`)) this.partials.delete(s);
  }

  private partialBytes(key: string, file: string): Uint8Array<ArrayBuffer> {
    const chunks = this.partials.get(slot(key, file));
    if (chunks === undefined) throw new Error(`no partial ${file}`);
    const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.byteLength;
    }
    return out;
  }
}

/** ModelFiles over a name → bytes map. */
export function memoryFiles(id: string, map: () => Map<string, Uint8Array>): ModelFiles {
  const get = (name: string) => {
    const bytes = map().get(name);
    if (bytes === undefined) throw new Error(`${id} has no ${name}`);
    return bytes;
  };
  return {
    id,
    has: async (name) => map().has(name),
    readBytes: async (name) => get(name),
    readText: async (name) => new TextDecoder().decode(get(name)),
    size: async (name) => map().get(name)?.byteLength,
  };
}

function slot(key: string, file: string): string {
  return `${key}\0${file}`;
}
