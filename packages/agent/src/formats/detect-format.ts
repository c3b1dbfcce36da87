import { PocketLMError, type Tokenizer } from '@pocketlm/core';
import { hermesFormat } from './hermes.js';
import { llama3JsonFormat } from './llama3-json.js';
import { mistralFormat } from './mistral.js';
import type { ToolCallFormat } from './tool-call-format.js';

/** The tool-call formats by name. */
export type ToolCallFormatName = 'hermes' | 'llama3-json' | 'mistral';

const FORMATS: Record<ToolCallFormatName, ToolCallFormat> = {
  hermes: hermesFormat,
  'llama3-json': llama3JsonFormat,
  mistral: mistralFormat,
};

/** The format with this name. Throws `INVALID_OPTIONS` for an unknown one. */
export function toolCallFormat(name: ToolCallFormatName): ToolCallFormat {
  const format = Object.hasOwn(FORMATS, name) ? FORMATS[name] : undefined;
  if (!format) {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      `Unknown tool-call format ${JSON.stringify(name)}: use ${Object.keys(FORMATS)
        .map((n) => `"${n}"`)
        .join(', ')}.`,
      { details: { option: 'toolCallFormat' } },
    );
  }
  return format;
}

/**
 * Picks the format a model was trained on from its vocabulary: a `[TOOL_CALLS]` control token means Mistral,
 * `<|python_tag|>` means Llama 3.1+ — unless the model speaks ChatML (`<|im_start|>`): models built on Llama 3's
 * vocabulary, like SmolLM3, keep its reserved tokens but call tools Hermes-style. Everything else gets Hermes-style
 * tags, which most small open models (Qwen, SmolLM3, Hermes) were trained on and models without tool training
 * follow from the system prompt.
 */
export function detectToolCallFormat(tokenizer: Pick<Tokenizer, 'encode'>): ToolCallFormat {
  if (isOneToken(tokenizer, '[TOOL_CALLS]')) return mistralFormat;
  if (isOneToken(tokenizer, '<|python_tag|>') && !isOneToken(tokenizer, '<|im_start|>'))
    return llama3JsonFormat;
  return hermesFormat;
}

function isOneToken(tokenizer: Pick<Tokenizer, 'encode'>, text: string): boolean {
  return tokenizer.encode(text, { parseSpecialTokens: true }).length === 1;
}
