import { HfTokenizer, PocketLMError } from '@pocketlm/core';
import { buildTokenizer } from '@pocketlm/testkit';
import { describe, expect, it } from 'vitest';
import { detectToolCallFormat, toolCallFormat } from '../src/formats/detect-format.js';
import { hermesFormat } from '../src/formats/hermes.js';
import { llama3JsonFormat } from '../src/formats/llama3-json.js';
import { mistralFormat } from '../src/formats/mistral.js';

const built = buildTokenizer({ vocabSize: 500 });

/** The tiny fixture's tokenizer with extra added tokens after its vocabulary, as real models declare them. */
function tokenizerWith(...tokens: { content: string; special: boolean }[]): HfTokenizer {
  const json = structuredClone(built.tokenizerJson) as { added_tokens: Record<string, unknown>[] };
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
  return new HfTokenizer({ tokenizerJson: json, tokenizerConfig: built.tokenizerConfig });
}

describe('detectToolCallFormat', () => {
  it('picks mistral when [TOOL_CALLS] is one token', () => {
    const tokenizer = tokenizerWith(
      { content: '[TOOL_CALLS]', special: true },
      { content: '[ARGS]', special: true },
    );
    expect(detectToolCallFormat(tokenizer)).toBe(mistralFormat);
  });

  it('picks llama3-json when <|python_tag|> is one token', () => {
    const tokenizer = tokenizerWith(
      { content: '<|python_tag|>', special: true },
      { content: '<|eom_id|>', special: true },
    );
    expect(detectToolCallFormat(tokenizer)).toBe(llama3JsonFormat);
  });

  it('picks hermes otherwise: ChatML models, Qwen-style <tool_call> tokens, no tool tokens at all', () => {
    expect(detectToolCallFormat(tokenizerWith())).toBe(hermesFormat);
    expect(detectToolCallFormat(tokenizerWith({ content: '<tool_call>', special: false }))).toBe(
      hermesFormat,
    );
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
