import { type ModelConfig, PocketLMError } from '@pocketlm/core';

interface RopeScaling {
  rope_type?: string;
  type?: string;
  factor?: number;
  low_freq_factor?: number;
  high_freq_factor?: number;
  original_max_position_embeddings?: number;
}

function unsupported(message: string, scaling: unknown): PocketLMError {
  return new PocketLMError('INVALID_MODEL', message, {
    details: { unsupported: 'rope_scaling', ropeScaling: scaling },
  });
}

function positive(scaling: RopeScaling, key: keyof RopeScaling): number {
  const value = scaling[key];
  if (typeof value !== 'number' || !(value > 0)) {
    throw unsupported(
      `config.json: rope_scaling.${key} must be a positive number, got ${JSON.stringify(value)}.`,
      scaling,
    );
  }
  return value;
}

/** The `rope_scaling` type of a config (`default` when there is none). */
export function ropeScalingType(config: ModelConfig): string {
  const scaling = config.raw.rope_scaling as RopeScaling | null | undefined;
  return scaling ? (scaling.rope_type ?? scaling.type ?? 'default') : 'default';
}

/**
 * RoPE inverse frequencies 1 / theta^(2i / headDim), in float32 as Hugging Face computes them, with the
 * `rope_scaling` of config.json applied: `linear` (every frequency / factor) or `llama3` (Llama 3.1+: low
 * frequencies / factor, high ones kept, a smooth blend between). Any other scaling is INVALID_MODEL rather than
 * silently wrong positions.
 */
export function ropeInverseFrequencies(config: ModelConfig): Float32Array {
  const half = config.headDim / 2;
  const base = new Float64Array(half);
  for (let i = 0; i < half; i++)
    base[i] = 1 / Math.fround(config.ropeTheta ** Math.fround((2 * i) / config.headDim));
  const scaling = config.raw.rope_scaling as RopeScaling | null | undefined;
  const type = ropeScalingType(config);
  if (type === 'default') return Float32Array.from(base);
  if (!scaling) return Float32Array.from(base);
  const factor = positive(scaling, 'factor');
  if (type === 'linear') return Float32Array.from(base, (f) => f / factor);
  if (type === 'llama3') {
    const low = positive(scaling, 'low_freq_factor');
    const high = positive(scaling, 'high_freq_factor');
    const context = positive(scaling, 'original_max_position_embeddings');
    const lowWavelen = context / low;
    const highWavelen = context / high;
    return Float32Array.from(base, (f) => {
      const wavelen = (2 * Math.PI) / f;
      if (wavelen < highWavelen) return f;
      if (wavelen > lowWavelen) return f / factor;
      const smooth = (context / wavelen - low) / (high - low);
      return (1 - smooth) * (f / factor) + smooth * f;
    });
  }
  throw unsupported(`config.json: rope_scaling "${type}" is not supported by the wasm backend yet.`, scaling);
}
