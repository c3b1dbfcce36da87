import type {
  JSONObject,
  LanguageModelV3FinishReason,
  LanguageModelV3Usage,
  SharedV3ProviderMetadata,
} from '@ai-sdk/provider';
import type { ToolStepFinishEvent } from '@pocketlm/agent';
import type { AnnotationEvent } from '@pocketlm/core';

/** PocketLM's reasons are a subset of the AI SDK's unified ones; the raw value is PocketLM's own. */
export function finishReason(event: ToolStepFinishEvent): LanguageModelV3FinishReason {
  return { unified: event.finishReason, raw: event.finishReason };
}

/**
 * Usage in the v3 shape. `cacheRead` is the prompt tokens whose KV the engine reused from its prefix cache (an
 * earlier turn of the same conversation, say), `noCache` the ones it computed.
 */
export function usageOf(event: ToolStepFinishEvent): LanguageModelV3Usage {
  const { promptTokens, cachedPromptTokens, completionTokens, totalTokens } = event.usage;
  return {
    inputTokens: {
      total: promptTokens,
      noCache: promptTokens - cachedPromptTokens,
      cacheRead: cachedPromptTokens,
      cacheWrite: undefined,
    },
    outputTokens: { total: completionTokens, text: completionTokens, reasoning: undefined },
    raw: { promptTokens, cachedPromptTokens, completionTokens, totalTokens },
  };
}

/**
 * Timings, the seed (to reproduce a sampled reply), speculation stats, malformed calls and middleware annotations
 * (a guard's decisions) as `providerMetadata.pocketlm`: the v3 stream has no part of its own for them.
 */
export function providerMetadataOf(
  event: ToolStepFinishEvent,
  annotations: readonly AnnotationEvent[] = [],
): SharedV3ProviderMetadata {
  const { timings, seed, speculation } = event.generation;
  const metadata: JSONObject = { timings: { ...timings }, seed };
  if (speculation) metadata.speculation = JSON.parse(JSON.stringify(speculation));
  if (annotations.length > 0) {
    metadata.annotations = JSON.parse(
      JSON.stringify(annotations.map(({ source, data }) => ({ source, data }))),
    );
  }
  if (event.malformed.length > 0) metadata.malformedToolCalls = event.malformed;
  return { pocketlm: metadata };
}
