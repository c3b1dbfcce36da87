import { PocketLMError } from '@pocketlm/core';
import { describe, expect, it } from 'vitest';
import { openWeightSource, readArchitecture } from '../../src/formats/index.js';
import { MemoryFiles } from './memory-files.js';
import { buildSmallGguf, smallSafetensors } from './small-weight-files.js';

/** mulberry32: a tiny seeded PRNG, so every run mutates the same bytes. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A copy of `bytes` with 1–4 bytes of its first `headerBytes` changed, and sometimes cut short. */
function mutate(bytes: Uint8Array, headerBytes: number, random: () => number): Uint8Array {
  const out = bytes.slice();
  const edits = 1 + Math.floor(random() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * headerBytes);
    // Mostly small bit flips; sometimes extreme bytes, which make huge counts and lengths.
    const r = random();
    out[at] = r < 0.6 ? out[at] ^ (1 << Math.floor(random() * 8)) : r < 0.8 ? 0xff : 0;
  }
  return random() < 0.1 ? out.subarray(0, Math.floor(random() * out.length)) : out;
}

/** Opens, reads every tensor and the architecture; returns 'ok' or the PocketLMError code, rethrows anything else. */
async function exercise(file: string, bytes: Uint8Array, ranges: boolean): Promise<string> {
  const files = new MemoryFiles(new Map([[file, bytes]]), { ranges });
  try {
    const source = await openWeightSource(files, { file });
    for (const name of source.tensors.keys()) await source.readTensor(name);
    if (source.format === 'gguf') await readArchitecture(files, { source });
    await source.close();
    return 'ok';
  } catch (error) {
    if (PocketLMError.isInstance(error)) return error.code;
    throw error;
  }
}

describe('header fuzzing', () => {
  for (const [file, build] of [
    ['model.gguf', () => buildSmallGguf()],
    ['model.safetensors', () => ({ bytes: smallSafetensors(), headerEnd: undefined })],
  ] as const) {
    it(`${file}: 1500 seeded header mutations each parse or throw a PocketLMError`, async () => {
      const { bytes, headerEnd } = build();
      const headerBytes = headerEnd ?? 8 + Number(new DataView(bytes.buffer).getBigUint64(0, true));
      const random = seeded(20261121);
      const outcomes = new Map<string, number>();
      for (let i = 0; i < 1500; i++) {
        const mutated = mutate(bytes, headerBytes, random);
        const outcome = await exercise(file, mutated, i % 2 === 0).catch((error: unknown) => {
          throw new Error(`mutation ${i} threw a non-PocketLM error: ${String(error)}`, { cause: error });
        });
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
      // Both kinds of outcome happen, so the mutations neither all break nor all miss the header.
      expect(outcomes.get('INVALID_MODEL')).toBeGreaterThan(100);
      expect(outcomes.get('ok')).toBeGreaterThan(10);
      expect([...outcomes.keys()].sort()).toEqual(['INVALID_MODEL', 'ok']);
    });
  }
});
