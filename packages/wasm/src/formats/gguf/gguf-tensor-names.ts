/** llama.cpp's per-block tensor names and the Hugging Face Llama names they come from. */
const BLOCK_NAMES: Readonly<Record<string, string>> = {
  attn_norm: 'input_layernorm',
  attn_q: 'self_attn.q_proj',
  attn_k: 'self_attn.k_proj',
  attn_v: 'self_attn.v_proj',
  attn_output: 'self_attn.o_proj',
  ffn_norm: 'post_attention_layernorm',
  ffn_gate: 'mlp.gate_proj',
  ffn_up: 'mlp.up_proj',
  ffn_down: 'mlp.down_proj',
};

const GLOBAL_NAMES: Readonly<Record<string, string>> = {
  'token_embd.weight': 'model.embed_tokens.weight',
  'output_norm.weight': 'model.norm.weight',
  'output.weight': 'lm_head.weight',
};

/**
 * The Hugging Face name of a llama.cpp tensor (`blk.3.attn_q.weight` → `model.layers.3.self_attn.q_proj.weight`),
 * or undefined for tensors a Llama model has no HF counterpart for (e.g. `rope_freqs.weight`).
 */
export function hfTensorName(ggufName: string): string | undefined {
  const global = GLOBAL_NAMES[ggufName];
  if (global) return global;
  const match = /^blk\.(\d+)\.([a-z_]+)\.(weight|bias)$/.exec(ggufName);
  if (!match) return undefined;
  const suffix = Object.hasOwn(BLOCK_NAMES, match[2]) ? BLOCK_NAMES[match[2]] : undefined;
  return suffix && `model.layers.${Number(match[1])}.${suffix}.${match[3]}`;
}

/** The llama.cpp name of a Hugging Face Llama tensor (the inverse of {@link hfTensorName}), for writers. */
export function ggufTensorName(hfName: string): string | undefined {
  for (const [gguf, hf] of Object.entries(GLOBAL_NAMES)) if (hf === hfName) return gguf;
  const match = /^model\.layers\.(\d+)\.(.+)\.(weight|bias)$/.exec(hfName);
  if (!match) return undefined;
  const entry = Object.entries(BLOCK_NAMES).find(([, hf]) => hf === match[2]);
  return entry && `blk.${match[1]}.${entry[0]}.${match[3]}`;
}
