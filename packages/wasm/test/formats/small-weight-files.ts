import {
  buildGgufHeader,
  type GgufMetadataEntry,
  type GgufTensorSpec,
  quantizeQ8_0,
} from '@pocketlm/testkit';

/** A small `llama` GGUF for hostile-input tests: its bytes, and where each tensor info sits in the header. */
export interface SmallGguf {
  bytes: Uint8Array;
  /** Byte offset of the header end (start of padding before the data section). */
  headerEnd: number;
  /** Offset, within `bytes`, of each tensor info's name (the info's uint64 name length comes 8 bytes before). */
  infoAt: Record<string, number>;
}

export const SMALL_GGUF_METADATA: GgufMetadataEntry[] = [
  { key: 'general.architecture', type: 'string', value: 'llama' },
  { key: 'llama.embedding_length', type: 'uint32', value: 32 },
  { key: 'llama.block_count', type: 'uint32', value: 1 },
  { key: 'llama.feed_forward_length', type: 'uint32', value: 64 },
  { key: 'llama.context_length', type: 'uint32', value: 128 },
  { key: 'llama.attention.head_count', type: 'uint32', value: 2 },
  { key: 'llama.attention.head_count_kv', type: 'uint32', value: 1 },
  { key: 'llama.rope.freq_base', type: 'float32', value: 10000 },
  { key: 'llama.attention.layer_norm_rms_epsilon', type: 'float32', value: 1e-5 },
  {
    key: 'tokenizer.ggml.tokens',
    type: 'array',
    itemType: 'string',
    value: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'],
  },
];

export const SMALL_GGUF_TENSORS: GgufTensorSpec[] = [
  { name: 'token_embd.weight', dims: [32, 8], type: 'F32' },
  { name: 'output_norm.weight', dims: [32], type: 'F32' },
  { name: 'blk.0.attn_q.weight', dims: [32, 32], type: 'Q8_0' },
  { name: 'blk.0.attn_k.weight', dims: [32, 16], type: 'F32' },
];

function values(n: number, seed: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + seed));
}

/** The bytes of each small-GGUF tensor, in order. */
export function smallGgufData(): Uint8Array[] {
  const bytes = (f: Float32Array) => new Uint8Array(f.buffer);
  return [bytes(values(256, 1)), bytes(values(32, 2)), quantizeQ8_0(values(1024, 3)), bytes(values(512, 4))];
}

/** Builds a small GGUF from metadata, tensor infos and data (each tensor padded to `alignment`, as the writer does). */
export function buildSmallGguf(
  metadata: readonly GgufMetadataEntry[] = SMALL_GGUF_METADATA,
  tensors: readonly GgufTensorSpec[] = SMALL_GGUF_TENSORS,
  data: readonly Uint8Array[] = smallGgufData(),
  alignment = 32,
): SmallGguf {
  const header = buildGgufHeader(metadata, tensors, alignment);
  const parts = [header];
  for (const d of data) parts.push(d, new Uint8Array((alignment - (d.length % alignment)) % alignment));
  const bytes = concat(parts);
  const infoAt: Record<string, number> = {};
  const text = new TextEncoder();
  for (const t of tensors) infoAt[t.name] = indexOf(header, text.encode(t.name));
  return { bytes, headerEnd: header.length, infoAt };
}

/** Offset of a tensor info's type field (after its name, dim count and dims). */
export function typeFieldAt(gguf: SmallGguf, tensor: GgufTensorSpec): number {
  return gguf.infoAt[tensor.name] + tensor.name.length + 4 + 8 * tensor.dims.length;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  throw new Error('not found');
}

/** A safetensors file from a header object (not validated, so tests can make it lie) and a data section. */
export function buildSafetensors(header: Record<string, unknown>, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const prefix = new Uint8Array(8);
  new DataView(prefix.buffer).setBigUint64(0, BigInt(json.length), true);
  return concat([prefix, json, data]);
}

/** A valid two-tensor safetensors file (F32 [2, 3] and F16 [4]). */
export function smallSafetensors(): Uint8Array {
  return buildSafetensors(
    {
      __metadata__: { format: 'pt' },
      'model.norm.weight': { dtype: 'F16', shape: [4], data_offsets: [24, 32] },
      'model.embed_tokens.weight': { dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] },
    },
    new Uint8Array(32).map((_, i) => i),
  );
}
