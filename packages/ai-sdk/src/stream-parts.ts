import type { LanguageModelV3StreamPart, SharedV3Warning } from '@ai-sdk/provider';
import type { ToolStepEvent } from '@pocketlm/agent';
import type { AnnotationEvent } from '@pocketlm/core';
import { finishReason, providerMetadataOf, usageOf } from './map-finish.js';

/**
 * A tool step's events as v3 stream parts: `stream-start` with the warnings, `response-metadata`, the prose as
 * one `text-start` / `text-delta`… / `text-end` block, then each call as `tool-input-start` / `-delta` / `-end`
 * and `tool-call` (calls are parsed when the reply ends, so their input arrives in one delta), and `finish`.
 */
export async function* streamParts(
  events: AsyncIterable<ToolStepEvent>,
  meta: { warnings: SharedV3Warning[]; modelId: string; responseId: string },
): AsyncGenerator<LanguageModelV3StreamPart> {
  yield { type: 'stream-start', warnings: meta.warnings };
  yield { type: 'response-metadata', id: meta.responseId, modelId: meta.modelId, timestamp: new Date() };
  const textId = `${meta.responseId}-text`;
  let textOpen = false;
  const annotations: AnnotationEvent[] = [];
  for await (const event of events) {
    if (event.type === 'annotation') {
      annotations.push(event);
      continue;
    }
    if (event.type === 'text-delta') {
      if (!textOpen) yield { type: 'text-start', id: textId };
      textOpen = true;
      yield { type: 'text-delta', id: textId, delta: event.text };
      continue;
    }
    if (textOpen) yield { type: 'text-end', id: textId };
    textOpen = false;
    if (event.type === 'tool-call') {
      const { id, name } = event.call;
      yield { type: 'tool-input-start', id, toolName: name };
      yield { type: 'tool-input-delta', id, delta: event.argumentsText };
      yield { type: 'tool-input-end', id };
      yield { type: 'tool-call', toolCallId: id, toolName: name, input: event.argumentsText };
    } else if (event.type === 'finish') {
      yield {
        type: 'finish',
        finishReason: finishReason(event),
        usage: usageOf(event),
        providerMetadata: providerMetadataOf(event, annotations),
      };
    }
  }
}
