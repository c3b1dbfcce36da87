import type { FinishReason } from '@pocketlm/core';

/** OpenAI's finish reasons: `content-filter` is spelled `content_filter`. */
export type OpenAIFinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls';

export function toFinishReason(reason: FinishReason): OpenAIFinishReason {
  return reason === 'content-filter' ? 'content_filter' : reason;
}
