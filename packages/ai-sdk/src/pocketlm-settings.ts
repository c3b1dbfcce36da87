import type { SharedV3ProviderOptions, SharedV3Warning } from '@ai-sdk/provider';
import type { ToolCallFormatName } from '@pocketlm/agent';
import type { KVCachePolicy, SpeculativeOptions } from '@pocketlm/core';

/**
 * PocketLM's own settings for a language model: given when the model is created (`pocketlm('local', settings)`)
 * or per call as `providerOptions: { pocketlm: { … } }` (per call wins). The engine checks every value and
 * refuses a bad one with `INVALID_OPTIONS`.
 */
export interface PocketLMLanguageModelSettings {
  /** Drop tokens less likely than `minP` times the most likely one. */
  minP?: number;
  /** Divide the logits of tokens already in the context (1 = off). */
  repetitionPenalty?: number;
  /** How this request's KV cache keeps tokens (full, sliding window, value-norm cap, int8/int4). */
  kvCache?: KVCachePolicy;
  /** Speculative decoding (prompt lookup or the engine's draft model); `false` turns off an engine default. */
  speculative?: SpeculativeOptions | false;
  /** Higher runs first when requests queue (default 0). */
  priority?: number;
  /** How the model writes tool calls; default: read from its vocabulary. */
  toolCallFormat?: ToolCallFormatName;
  /** Whether one reply may hold several tool calls (default true). */
  parallelToolCalls?: boolean;
}

const KEYS: readonly (keyof PocketLMLanguageModelSettings)[] = [
  'minP',
  'repetitionPenalty',
  'kvCache',
  'speculative',
  'priority',
  'toolCallFormat',
  'parallelToolCalls',
];

/** The model's settings with the call's `providerOptions.pocketlm` on top; unknown keys become warnings. */
export function resolveSettings(
  defaults: PocketLMLanguageModelSettings,
  providerOptions: SharedV3ProviderOptions | undefined,
  warnings: SharedV3Warning[],
): PocketLMLanguageModelSettings {
  const given = (providerOptions?.pocketlm ?? {}) as Record<string, unknown>;
  const settings: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(given)) {
    if ((KEYS as readonly string[]).includes(key)) settings[key] = value;
    else {
      warnings.push({
        type: 'unsupported',
        feature: `providerOptions.pocketlm.${key}`,
        details: `Known options: ${KEYS.join(', ')}.`,
      });
    }
  }
  return settings as PocketLMLanguageModelSettings;
}
