/** The storage types a weight file may hold that PocketLM's WASM backend reads. */
export type SourceDType = 'F32' | 'F16' | 'BF16' | 'Q8_0' | 'Q4_0';

/** One tensor of a weight file, under its Hugging Face name. */
export interface TensorEntry {
  /** Hugging Face name, e.g. `model.layers.0.self_attn.q_proj.weight` (GGUF names are mapped to these). */
  readonly name: string;
  readonly dtype: SourceDType;
  /** Outermost first: `[rows = out, cols = in]` for a projection (GGUF's innermost-first dims are reversed). */
  readonly shape: readonly number[];
  /** Bytes `readTensor` returns: elements × element size, or blocks × block size for Q8_0/Q4_0. */
  readonly byteLength: number;
}

/**
 * The tensors of one weight file (safetensors or GGUF), read one at a time so peak memory stays near the size of
 * the weights the caller keeps.
 */
export interface WeightSource {
  readonly format: 'safetensors' | 'gguf';
  /** The file the tensors come from, relative to the model directory. */
  readonly file: string;
  /** Every tensor, by Hugging Face name. */
  readonly tensors: ReadonlyMap<string, TensorEntry>;
  /**
   * The raw bytes of one tensor in the Hugging Face row layout: little-endian elements, or GGUF Q8_0/Q4_0 blocks
   * as stored (GGUF's Q/K row permutation undone). Rejects `INVALID_MODEL` naming a tensor the file lacks,
   * `ABORTED` when `signal` fires, `DISPOSED` after `close`. The result may share memory with other results; do
   * not write to it.
   */
  readTensor(name: string, signal?: AbortSignal): Promise<Uint8Array>;
  /** Releases whatever the source holds (a whole-file buffer when the files cannot read ranges). */
  close(): Promise<void>;
}
