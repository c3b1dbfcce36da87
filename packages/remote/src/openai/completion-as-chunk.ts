import type { OpenAIChatChunk, OpenAIChatCompletion } from './openai-wire.js';

/** A whole completion as the one chunk that carries all of it, so one mapper reads both shapes. */
export function completionAsChunk(completion: OpenAIChatCompletion): OpenAIChatChunk {
  const choice = completion.choices?.[0];
  return {
    usage: completion.usage,
    choices: choice
      ? [
          {
            delta: {
              content: choice.message?.content ?? null,
              tool_calls: choice.message?.tool_calls?.map((call, index) => ({ index, ...call })),
            },
            finish_reason: choice.finish_reason ?? 'stop',
            logprobs: choice.logprobs,
          },
        ]
      : [],
  };
}
