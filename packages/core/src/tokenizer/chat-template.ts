import { Template } from '@huggingface/jinja';
import { PocketLMError } from '../errors/pocketlm-error.js';
import { tokenContent } from './token-content.js';
import type { ChatMessage, ChatTemplateOptions } from './tokenizer.js';

/** The special-token strings every template gets as variables; they are meant to be control tokens. */
export const SPECIAL_TOKEN_VARIABLES = ['bos_token', 'eos_token', 'unk_token', 'pad_token'] as const;

/**
 * Picks the chat template a model ships: `chat_template.jinja` when present (newer exports), otherwise
 * `tokenizer_config.json`'s `chat_template`, which is a string or a list of named templates (then `default`).
 */
export function selectChatTemplate(
  tokenizerConfig: Record<string, unknown> | undefined,
  jinjaFile?: string,
): string | undefined {
  if (jinjaFile !== undefined && jinjaFile.trim() !== '') return jinjaFile;
  const value = tokenizerConfig?.chat_template;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const named = value.filter(
      (t): t is { name: string; template: string } =>
        typeof t?.template === 'string' && typeof t?.name === 'string',
    );
    return (named.find((t) => t.name === 'default') ?? named[0])?.template;
  }
  return undefined;
}

/**
 * A model's own Jinja chat template, rendered the way `transformers` renders it: with `messages`,
 * `add_generation_prompt`, the special-token strings (`bos_token`, `eos_token`, …) and any extra variables spread
 * in last. `@huggingface/jinja` defines `raise_exception`, `range` and `strftime_now` itself (and refuses to have
 * them redefined), so the error a template raises surfaces here as `INVALID_OPTIONS` with its message.
 */
export class ChatTemplate {
  readonly source: string;
  private readonly specialTokens: Record<string, string>;
  private parsed: Template | undefined;

  constructor(source: string, tokenizerConfig: Record<string, unknown> | undefined) {
    this.source = source;
    this.specialTokens = {};
    for (const name of SPECIAL_TOKEN_VARIABLES) {
      const content = tokenContent(tokenizerConfig?.[name]);
      if (content !== undefined) this.specialTokens[name] = content;
    }
  }

  /**
   * Renders the conversation to the exact prompt text the model was trained on.
   *
   * @throws PocketLMError `INVALID_MODEL` when the template does not parse, `INVALID_OPTIONS` when it rejects the
   *   messages (its `raise_exception`), fails while rendering them, or `context` redefines a Jinja global.
   */
  render(messages: ChatMessage[], options: ChatTemplateOptions = {}): string {
    const template = this.template();
    try {
      return template.render({
        messages,
        add_generation_prompt: options.addGenerationPrompt ?? false,
        ...this.specialTokens,
        ...options.context,
      });
    } catch (error) {
      if (PocketLMError.isInstance(error)) throw error;
      throw new PocketLMError('INVALID_OPTIONS', `The chat template failed to render: ${describe(error)}`, {
        cause: error,
      });
    }
  }

  // Parsed on first use, so a model whose template our Jinja cannot read still loads for plain completion.
  private template(): Template {
    if (this.parsed) return this.parsed;
    try {
      this.parsed = new Template(this.source);
      return this.parsed;
    } catch (error) {
      throw new PocketLMError(
        'INVALID_MODEL',
        `The model's chat template could not be parsed: ${describe(error)}`,
        {
          cause: error,
        },
      );
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
