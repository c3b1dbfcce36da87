import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalDirectoryFiles } from '@pocketlm/node';
import { ReferenceLlama, referenceConfigFromJson } from '@pocketlm/testkit';
import { decodeBF16, decodeF16, f16ToF32, openWeightSource, type TensorEntry } from '../src/formats/index.js';

/** Dequantizes GGUF Q8_0 / Q4_0 blocks (or widens floats) of one tensor in plain JavaScript. */
function toFloat32(entry: TensorEntry, raw: Uint8Array): Float32Array {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const count = entry.shape.reduce((a, b) => a * b, 1);
  switch (entry.dtype) {
    case 'F32':
      return new Float32Array(raw.slice().buffer);
    case 'F16':
      return decodeF16(raw);
    case 'BF16':
      return decodeBF16(raw);
    case 'Q8_0': {
      const out = new Float32Array(count);
      for (let b = 0; b < count / 32; b++) {
        const d = f16ToF32(view.getUint16(b * 34, true));
        for (let j = 0; j < 32; j++) out[b * 32 + j] = view.getInt8(b * 34 + 2 + j) * d;
      }
      return out;
    }
    case 'Q4_0': {
      const out = new Float32Array(count);
      for (let b = 0; b < count / 32; b++) {
        const d = f16ToF32(view.getUint16(b * 18, true));
        for (let j = 0; j < 16; j++) {
          const byte = raw[b * 18 + 2 + j];
          out[b * 32 + j] = ((byte & 15) - 8) * d;
          out[b * 32 + j + 16] = ((byte >> 4) - 8) * d;
        }
      }
      return out;
    }
  }
}

/**
 * The testkit's plain-JS forward pass over a GGUF file's weights dequantized in JS: the exact model a q8_0 / q4_0
 * file describes, computed in float64-ish JS with float32 activations and no kernel code involved.
 */
export async function dequantizedReference(dir: string, file: string): Promise<ReferenceLlama> {
  const raw = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
  const source = await openWeightSource(new LocalDirectoryFiles(dir), { file });
  const weights = new Map<string, Float32Array>();
  try {
    for (const [name, entry] of source.tensors)
      weights.set(name, toFloat32(entry, await source.readTensor(name)));
  } finally {
    await source.close();
  }
  return new ReferenceLlama(referenceConfigFromJson(raw), {
    getFloat32(name) {
      const tensor = weights.get(name);
      if (!tensor) throw new Error(`${file} has no tensor ${name}`);
      return tensor;
    },
  });
}
