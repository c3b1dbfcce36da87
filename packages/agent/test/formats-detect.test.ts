import { HfTokenizer, PocketLMError } from '@pocketlm/core';
import { buildTokenizer } from '@pocketlm/testkit';
import { describe, expect, it } from 'vitest';
import { detectToolCallFormat, toolCallFormat } from '../src/formats/detect-format.js';
import { hermesFormat } from '../src/formats/hermes.js';
import { llama3JsonFormat } from '../src/formats/llama3-json.js';
import { mistralFormat } from '../src/formats/mistral.js';

const built = buildTokenizer({ vocabSize: 500 });

/**
 * The tiny fixture's tokenizer with extra added tokens after its vocabulary, as real models declare them; `llama`
 * renames its ChatML control tokens to Llama 3's.
 */
function tokenizerWith(tokens: { content: string; special: boolean }[], llama = false): HfTokenizer {
  const json = structuredClone(built.tokenizerJson) as { added_tokens: Record<string, unknown>[] };
  if (llama) {
    const rename: Record<string, string> = {
      '<|im_start|>': '<|start_header_id|>',
      '<|im_end|>': '<|eot_id|>',
    };
    for (const t of json.added_tokens) t.content = rename[t.content as string] ?? t.content;
  }
  tokens.forEach(({ content, special }, i) => {
    json.added_tokens.push({
      id: 500 + i,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special,
    });
  });
  const config = llama
    ? { ...built.tokenizerConfig, bos_token: '<|start_header_id|>', eos_token: '<|eot_id|>' }
    : built.tokenizerConfig;
  return new HfTokenizer({ tokenizerJson: json, tokenizerConfig: config });
}

describe('detectToolCallFormat', () => {
  it('picks mistral when [TOOL_CALLS] is one token', () => {
    const tokenizer = tokenizerWith([
      { content: '[TOOL_CALLS]', special: true },
      { content: '[ARGS]', special: true },
    ]);
    expect(detectToolCallFormat(tokenizer)).toBe(mistralFormat);
  });

  it('picks llama3-json when <|python_tag|> is one token', () => {
    const tools = [
      { content: '<|python_tag|>', special: true },
      { content: '<|eom_id|>', special: true },
    ];
    expect(detectToolCallFormat(tokenizerWith(tools, true))).toBe(llama3JsonFormat);
    // A ChatML model on Llama 3's vocabulary (SmolLM3) keeps the token but calls tools Hermes-style.
    expect(detectToolCallFormat(tokenizerWith(tools))).toBe(hermesFormat);
  });

  it('picks hermes otherwise: ChatML models, Qwen-style <tool_call> tokens, no tool tokens at all', () => {
    expect(detectToolCallFormat(tokenizerWith([]))).toBe(hermesFormat);
    expect(detectToolCallFormat(tokenizerWith([{ content: '<tool_call>', special: false }]))).toBe(
      hermesFormat,
    );
    expect(detectToolCallFormat(tokenizerWith([], true))).toBe(hermesFormat);
  });
});

describe('toolCallFormat', () => {
  it('finds formats by name', () => {
    expect(toolCallFormat('hermes')).toBe(hermesFormat);
    expect(toolCallFormat('llama3-json')).toBe(llama3JsonFormat);
    expect(toolCallFormat('mistral')).toBe(mistralFormat);
    expect([hermesFormat, llama3JsonFormat, mistralFormat].map((f) => f.name)).toEqual([
      'hermes',
      'llama3-json',
      'mistral',
    ]);
  });

  it('refuses unknown names', () => {
    for (const name of ['chatml', 'toString', '__proto__']) {
      let error: unknown;
      try {
        toolCallFormat(name as never);
      } catch (e) {
        error = e;
      }
      expect(PocketLMError.isInstance(error, 'INVALID_OPTIONS'), name).toBe(true);
    }
  });
});
