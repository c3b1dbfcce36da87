import type { ModelFiles } from '@pocketlm/core';
import { FileBytes } from '../file-bytes.js';
import { missingTensor } from '../missing-tensor.js';
import type { TensorEntry, WeightSource } from '../weight-source.js';
import {
  parseSafetensorsHeader,
  type SafetensorsTensor,
  safetensorsHeaderLength,
} from './safetensors-header.js';

/** A safetensors file read tensor by tensor (see {@link openSafetensors}). */
class SafetensorsSource implements WeightSource {
  readonly format = 'safetensors';
  readonly tensors: ReadonlyMap<string, TensorEntry>;

  constructor(
    private readonly bytes: FileBytes,
    private readonly located: ReadonlyMap<string, SafetensorsTensor>,
  ) {
    this.tensors = new Map(
      [...located].map(([name, { dtype, shape, byteLength }]) => [name, { name, dtype, shape, byteLength }]),
    );
  }

  get file(): string {
    return this.bytes.name;
  }

  async readTensor(name: string, signal?: AbortSignal): Promise<Uint8Array> {
    const tensor = this.located.get(name);
    if (!tensor) throw missingTensor(this.file, name);
    return this.bytes.read(tensor.start, tensor.start + tensor.byteLength, `tensor ${name}`, signal);
  }

  async close(): Promise<void> {
    this.bytes.close();
  }
}

/**
 * Opens a safetensors file: reads and validates only its header, so tensors can then be read one at a time.
 * Rejects `MODEL_NOT_FOUND` when the file does not exist and `INVALID_MODEL` when it is truncated, lies about its
 * tensors, or holds a dtype other than F32/F16/BF16.
 */
export async function openSafetensors(files: ModelFiles, file: string): Promise<WeightSource> {
  const bytes = await FileBytes.open(files, file);
  const prefix = await bytes.read(0, Math.min(8, bytes.size), 'the 8-byte safetensors header length');
  const headerLength = safetensorsHeaderLength(file, prefix, bytes.size);
  const json = await bytes.read(8, 8 + headerLength, 'the safetensors header');
  const tensors = parseSafetensorsHeader(file, json, bytes.size);
  return new SafetensorsSource(bytes, new Map(tensors.map((t) => [t.name, t])));
}
