import { type GenerateRequest, PocketLMError, type TextGenerator } from '@pocketlm/core';

/**
 * The prompt's length in local tokens, counted as the engine will encode it (through the chat template, tools
 * included). Malformed input is `INVALID_OPTIONS` here, before either model runs.
 */
export function countPromptTokens(local: TextGenerator, request: GenerateRequest): number {
  if (typeof request?.prompt === 'string' && request.messages === undefined) {
    return local.tokenizer.encode(request.prompt).length;
  }
  if (Array.isArray(request?.messages) && request.prompt === undefined) {
    return local.tokenizer.encodeChat(request.messages, {
      addGenerationPrompt: true,
      context: request.tools && { tools: request.tools },
    }).length;
  }
  throw new PocketLMError(
    'INVALID_OPTIONS',
    'A request needs exactly one of a "prompt" string or a "messages" array.',
  );
}

/**
 * The most prompt tokens the local model is given: its context less one (room for at least one new token), or
 * the configured budget when smaller (a device that can hold the context but should not spend the time).
 */
export function localPromptBudget(local: TextGenerator, maxLocalPromptTokens: number | undefined): number {
  const contextBudget = local.info.contextLength - 1;
  return maxLocalPromptTokens === undefined ? contextBudget : Math.min(contextBudget, maxLocalPromptTokens);
}
