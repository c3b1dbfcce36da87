import { type ModelConfig, PocketLMError } from '@pocketlm/core';
import type { GgufWeightSource, WeightSource } from '../formats/index.js';
import { ropeScalingType } from './rope-scaling.js';

/**
 * A GGUF can carry RoPE scaling config.json does not show: `llama.rope.scaling.type` metadata, or llama.cpp's
 * `rope_freqs.weight` (Llama 3's per-frequency factors). Running such a file with plain RoPE gives wrong logits
 * without any error, so it is refused unless config.json states a scaling this backend applies itself.
 */
export function checkGgufRopeScaling(source: WeightSource, config: ModelConfig): void {
  if (source.format !== 'gguf') return;
  const { header } = source as GgufWeightSource;
  const scaling = header.metadata.get('llama.rope.scaling.type');
  const freqs = header.tensors.some((t) => t.name === 'rope_freqs.weight');
  const stated = ropeScalingType(config);
  const needs = freqs ? 'llama3' : typeof scaling === 'string' && scaling !== 'none' ? scaling : undefined;
  if (needs && stated !== needs) {
    throw new PocketLMError(
      'INVALID_MODEL',
      `${source.file} uses ${needs} RoPE scaling${freqs ? ' (rope_freqs.weight)' : ''}, which config.json does not state; ` +
        "add the model's config.json (with its rope_scaling) next to the GGUF.",
      { details: { unsupported: 'rope_scaling', gguf: needs, config: stated } },
    );
  }
}
