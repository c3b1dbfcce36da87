import type { ModelFiles } from '@pocketlm/core';
import { FileBytes } from '../file-bytes.js';
import { invalidModel } from '../invalid-model.js';
import { missingTensor } from '../missing-tensor.js';
import type { TensorEntry, WeightSource } from '../weight-source.js';
import { checkGgufArchitecture, ggufHeadCounts } from './gguf-architecture.js';
import type { GgufHeader, GgufTensorInfo } from './gguf-header.js';
import { hfTensorName } from './gguf-tensor-names.js';
import { readGgufHeader } from './read-gguf-header.js';
import { permuteRopeRows } from './rope-row-permutation.js';

/** A GGUF weight source; `header` keeps the metadata (hyperparameters, tokenizer) for whoever needs it. */
export interface GgufWeightSource extends WeightSource {
  readonly format: 'gguf';
  readonly header: GgufHeader;
}

/** Where one tensor's bytes are, and how many heads its rows were permuted over (Q and K only). */
interface LocatedTensor {
  readonly info: GgufTensorInfo;
  readonly rows: number;
  readonly ropeHeads: number | undefined;
}

class GgufSource implements GgufWeightSource {
  readonly format = 'gguf';
  readonly tensors: ReadonlyMap<string, TensorEntry>;

  constructor(
    private readonly bytes: FileBytes,
    readonly header: GgufHeader,
    private readonly located: ReadonlyMap<string, LocatedTensor>,
  ) {
    this.tensors = new Map(
      [...located].map(([name, { info }]) => [
        name,
        { name, dtype: info.dtype, shape: [...info.dims].reverse(), byteLength: info.byteLength },
      ]),
    );
  }

  get file(): string {
    return this.bytes.name;
  }

  async readTensor(name: string, signal?: AbortSignal): Promise<Uint8Array> {
    const tensor = this.located.get(name);
    if (!tensor) throw missingTensor(this.file, name);
    const { info, rows, ropeHeads } = tensor;
    const raw = await this.bytes.read(
      info.start,
      info.start + info.byteLength,
      `tensor ${info.name}`,
      signal,
    );
    return ropeHeads === undefined ? raw : permuteRopeRows(raw, rows, ropeHeads, true);
  }

  async close(): Promise<void> {
    this.bytes.close();
  }
}

/**
 * Opens a `llama` GGUF file: reads and validates only its header, then serves tensors one at a time under their
 * Hugging Face names, in Hugging Face row order (llama.cpp's Q/K RoPE permutation undone), with shapes outermost
 * first. Tensors with no Hugging Face counterpart (e.g. `rope_freqs.weight`) are left out of `tensors`.
 */
export async function openGguf(files: ModelFiles, file: string): Promise<GgufWeightSource> {
  const bytes = await FileBytes.open(files, file);
  const header = await readGgufHeader(bytes);
  checkGgufArchitecture(file, header.metadata);
  const heads = ggufHeadCounts(file, header.metadata);
  const located = new Map<string, LocatedTensor>();
  for (const info of header.tensors) {
    const name = hfTensorName(info.name);
    if (name === undefined) continue;
    // A projection's rows are its outermost dim (ne[1]); a bias has only rows.
    const rows = info.dims.length >= 2 ? info.dims[1] : (info.dims[0] ?? 1);
    const ropeHeads = /\.attn_q\./.test(info.name)
      ? heads.numHeads
      : /\.attn_k\./.test(info.name)
        ? heads.numKVHeads
        : undefined;
    if (ropeHeads !== undefined && (info.dims.length > 2 || rows % (2 * ropeHeads) !== 0)) {
      throw invalidModel(file, `tensor ${info.name} has ${rows} rows, not ${ropeHeads} heads of even size.`, {
        tensor: info.name,
      });
    }
    located.set(name, { info, rows, ropeHeads });
  }
  return new GgufSource(bytes, header, located);
}
