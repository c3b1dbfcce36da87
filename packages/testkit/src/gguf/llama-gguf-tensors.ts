import type { FixtureSpec } from '../fixtures/fixture-specs.js';
import type { LlamaTensorInfo } from '../weights/llama-weights.js';
import type { GgufTensorSpec } from './gguf-writer.js';
import type { GgufWeightType } from './llama-gguf-metadata.js';
import { quantizeQ4_0 } from './quantize-q4-0.js';
import { quantizeQ8_0 } from './quantize-q8-0.js';

/** Hugging Face Llama block tensors and llama.cpp's names for them (`gguf-py`'s tensor name map). */
const BLOCK_NAMES: Readonly<Record<string, string>> = {
  input_layernorm: 'attn_norm',
  'self_attn.q_proj': 'attn_q',
  'self_attn.k_proj': 'attn_k',
  'self_attn.v_proj': 'attn_v',
  'self_attn.o_proj': 'attn_output',
  post_attention_layernorm: 'ffn_norm',
  'mlp.gate_proj': 'ffn_gate',
  'mlp.up_proj': 'ffn_up',
  'mlp.down_proj': 'ffn_down',
};

const GLOBAL_NAMES: Readonly<Record<string, string>> = {
  'model.embed_tokens.weight': 'token_embd.weight',
  'model.norm.weight': 'output_norm.weight',
  'lm_head.weight': 'output.weight',
};

/** llama.cpp's name for a Hugging Face Llama tensor, e.g. `model.layers.0.mlp.up_proj.weight` → `blk.0.ffn_up.weight`. */
export function llamaCppTensorName(hfName: string): string {
  const global = GLOBAL_NAMES[hfName];
  if (global) return global;
  const match = /^model\.layers\.(\d+)\.(.+)\.(weight|bias)$/.exec(hfName);
  const block = match && Object.hasOwn(BLOCK_NAMES, match[2]) ? BLOCK_NAMES[match[2]] : undefined;
  if (!match || !block) throw new Error(`gguf: no llama.cpp name for ${hfName}.`);
  return `blk.${match[1]}.${block}.${match[3]}`;
}

/** The GGUF tensor of a fixture tensor: llama.cpp name, ggml dims (innermost first), and the type it is stored in. */
export function ggufTensorSpec(info: LlamaTensorInfo, weights: GgufWeightType): GgufTensorSpec {
  return {
    name: llamaCppTensorName(info.name),
    dims: [...info.shape].reverse(),
    // Norm gains stay F32 in every llama.cpp file type; only matrices are quantized.
    type: info.shape.length === 1 ? 'F32' : weights,
  };
}

/**
 * How many heads llama.cpp's converter permutes a tensor's rows over (`LlamaModel.modify_tensors`): Q by the
 * attention heads, K by the KV heads, nothing else.
 */
export function ropePermutationHeads(info: LlamaTensorInfo, spec: FixtureSpec): number | undefined {
  if (/\.self_attn\.q_proj\.(weight|bias)$/.test(info.name)) return spec.numHeads;
  if (/\.self_attn\.k_proj\.(weight|bias)$/.test(info.name)) return spec.numKVHeads;
  return undefined;
}

/**
 * `LlamaModel.permute`: `w.reshape(nHead, 2, rows / nHead / 2, cols).swapaxes(1, 2).reshape(rows, cols)`. Within
 * each head, the row at `s * half + i` of the first (s = 0) or second (s = 1) rotary half moves to `2 * i + s`.
 */
export function permuteForLlamaCpp(data: Float32Array, rows: number, nHead: number): Float32Array {
  const cols = data.length / rows;
  const headDim = rows / nHead;
  const half = headDim / 2;
  const out = new Float32Array(data.length);
  for (let h = 0; h < nHead; h++) {
    for (let s = 0; s < 2; s++) {
      for (let i = 0; i < half; i++) {
        const from = h * headDim + s * half + i;
        const to = h * headDim + 2 * i + s;
        out.set(data.subarray(from * cols, (from + 1) * cols), to * cols);
      }
    }
  }
  return out;
}

/** The bytes of one fixture tensor in a GGUF: permuted like llama.cpp's converter does, then stored as `gguf.type`. */
export function encodeGgufTensor(
  info: LlamaTensorInfo,
  data: Float32Array,
  spec: FixtureSpec,
  gguf: GgufTensorSpec,
): Uint8Array {
  const heads = ropePermutationHeads(info, spec);
  const rows = info.shape[0];
  const values = heads === undefined ? data : permuteForLlamaCpp(data, rows, heads);
  switch (gguf.type) {
    case 'F32':
      return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    case 'Q8_0':
      return quantizeQ8_0(values);
    case 'Q4_0':
      return quantizeQ4_0(values);
    default:
      throw new Error(`gguf: the fixtures do not write ${gguf.type}.`);
  }
}
