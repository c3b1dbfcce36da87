import { type ModelFiles, PocketLMError } from '@pocketlm/core';

/** One read a {@link MemoryFiles} served: a range, or a whole file (`start` 0, `end` its size, `whole` true). */
export interface ReadLog {
  name: string;
  start: number;
  end: number;
  whole: boolean;
}

/**
 * Model files held in memory, for tests of the weight readers: optionally without `readRange` (so the readers'
 * whole-file fallback runs), and logging every read so a test can check what was read.
 */
export class MemoryFiles implements ModelFiles {
  readonly id = 'memory';
  readonly reads: ReadLog[] = [];
  readRange?: (name: string, start: number, end: number) => Promise<Uint8Array>;

  constructor(
    private readonly files: Map<string, Uint8Array>,
    options: { ranges?: boolean } = {},
  ) {
    if (options.ranges !== false) {
      this.readRange = async (name, start, end) => {
        const bytes = this.get(name);
        if (start < 0 || end < start || end > bytes.length) {
          // Not a PocketLMError on purpose: a reader that asks for this has a bounds bug the tests must see.
          throw new RangeError(`read [${start}, ${end}) outside ${name} (${bytes.length} bytes)`);
        }
        this.reads.push({ name, start, end, whole: false });
        return bytes.slice(start, end);
      };
    }
  }

  private get(name: string): Uint8Array {
    const bytes = this.files.get(name);
    if (!bytes) throw new PocketLMError('MODEL_NOT_FOUND', `${name} does not exist.`);
    return bytes;
  }

  async has(name: string): Promise<boolean> {
    return this.files.has(name);
  }
  async readText(name: string): Promise<string> {
    return new TextDecoder().decode(this.get(name));
  }
  async readBytes(name: string): Promise<Uint8Array> {
    const bytes = this.get(name);
    this.reads.push({ name, start: 0, end: bytes.length, whole: true });
    return bytes.slice();
  }
  async size(name: string): Promise<number | undefined> {
    return this.files.get(name)?.length;
  }
}
