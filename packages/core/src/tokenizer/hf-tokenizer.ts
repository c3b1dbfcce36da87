import { Tokenizer as HfTokenizerModel } from '@huggingface/tokenizers';
import { PocketLMError } from '../errors/pocketlm-error.js';
import { ChatTemplate, selectChatTemplate } from './chat-template.js';
import { createIncrementalDecoder } from './create-incremental-decoder.js';
import { encodeChatSafely } from './encode-chat-safely.js';
import { createPlainTextTokenizer } from './plain-text-tokenizer.js';
import { resolveSpecialTokenIds } from './resolve-special-token-ids.js';
import type {
  ChatMessage,
  ChatTemplateOptions,
  EncodeOptions,
  IncrementalDecoder,
  Tokenizer,
} from './tokenizer.js';

/** The parsed files a {@link HfTokenizer} is built from. Only `tokenizerJson` is required. */
export interface HfTokenizerSources {
  /** `tokenizer.json`. */
  tokenizerJson: Record<string, unknown>;
  /** `tokenizer_config.json`: special-token names, decoding options, the chat template. */
  tokenizerConfig?: Record<string, unknown>;
  /** `generation_config.json`: its `eos_token_id` usually lists the end-of-turn tokens. */
  generationConfig?: Record<string, unknown>;
  /** `config.json`: `bos_token_id` / `eos_token_id`. */
  modelConfig?: Record<string, unknown>;
  /** `chat_template.jinja`, which newer exports ship instead of `tokenizer_config.json`'s `chat_template`. */
  chatTemplate?: string;
  /** Names the model in error messages. */
  id?: string;
}

// tokenizers.js requires these keys even when null; real files always have them, hand-written ones may not.
const OPTIONAL_SECTIONS = ['normalizer', 'pre_tokenizer', 'post_processor', 'decoder'] as const;

/**
 * The core {@link Tokenizer}: any Hugging Face `tokenizer.json` (BPE, Unigram, WordPiece) through
 * `@huggingface/tokenizers`, chat templates through `@huggingface/jinja`. User text never turns into control
 * tokens unless asked: plain encoding goes through a second tokenizer that does not know the special tokens.
 */
export class HfTokenizer implements Tokenizer {
  readonly size: number;
  readonly bosTokenId: number | undefined;
  readonly eosTokenIds: number[];
  readonly hasChatTemplate: boolean;
  readonly templateSupportsTools: boolean;
  private readonly full: HfTokenizerModel;
  private readonly plain: HfTokenizerModel;
  private readonly specialIds: Set<number>;
  private readonly specialContents: string[];
  private readonly chatTemplate: ChatTemplate | undefined;
  private readonly cleanUpSpaces: boolean;
  private readonly id: string;

  /** @throws PocketLMError `INVALID_MODEL` when `tokenizerJson` is not a tokenizer the library can load. */
  constructor(sources: HfTokenizerSources) {
    this.id = sources.id ?? 'tokenizer.json';
    const raw = sources.tokenizerJson as Record<string, unknown> | null;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || typeof raw.model !== 'object') {
      throw new PocketLMError('INVALID_MODEL', `${this.id}: tokenizer.json has no "model" section.`, {
        details: { model: this.id },
      });
    }
    const json: Record<string, unknown> = { added_tokens: [], ...raw };
    for (const key of OPTIONAL_SECTIONS) json[key] ??= null;
    const config = sources.tokenizerConfig ?? {};
    // The library's default, which decode() inherits; the streaming decoder must match it.
    this.cleanUpSpaces = Boolean(config.clean_up_tokenization_spaces ?? true);
    try {
      this.full = new HfTokenizerModel(json, config);
      this.plain = createPlainTextTokenizer(json, config);
    } catch (error) {
      throw new PocketLMError(
        'INVALID_MODEL',
        `${this.id}: tokenizer.json could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error, details: { model: this.id } },
      );
    }

    const special = [...this.full.get_added_tokens_decoder().values()].filter((t) => t.special);
    this.specialIds = new Set(special.map((t) => t.id));
    this.specialContents = special.map((t) => t.content);
    let maxId = -1;
    for (const id of this.full.get_vocab(true).values()) if (id > maxId) maxId = id;
    for (const id of this.specialIds) if (id > maxId) maxId = id;
    this.size = maxId + 1;

    const ids = resolveSpecialTokenIds(sources, (token) => this.full.token_to_id(token));
    this.bosTokenId = ids.bosTokenId;
    this.eosTokenIds = ids.eosTokenIds;

    const template = selectChatTemplate(sources.tokenizerConfig, sources.chatTemplate);
    this.chatTemplate =
      template === undefined ? undefined : new ChatTemplate(template, sources.tokenizerConfig);
    this.hasChatTemplate = this.chatTemplate !== undefined;
    // Templates that take tools read the `tools` variable; the others would silently drop it.
    this.templateSupportsTools = template !== undefined && /\btools\b/.test(template);
  }

  encode(text: string, options: EncodeOptions = {}): number[] {
    const tokenizer = options.parseSpecialTokens ? this.full : this.plain;
    return tokenizer.encode(text, { add_special_tokens: options.addSpecialTokens ?? false }).ids;
  }

  /** Decodes ids to text; special tokens are kept unless `skipSpecialTokens` is set, as in `transformers`. */
  decode(ids: ArrayLike<number>, options: { skipSpecialTokens?: boolean } = {}): string {
    if (ids.length === 0) return '';
    return this.full.decode(Array.from(ids, Number), {
      skip_special_tokens: options.skipSpecialTokens ?? false,
    });
  }

  isSpecial(id: number): boolean {
    return this.specialIds.has(id);
  }

  /**
   * A streaming detokenizer for generated ids. Special tokens are skipped by default, since the stream is
   * user-visible text.
   */
  createDecoder(options: { skipSpecialTokens?: boolean; cleanUpSpaces?: boolean } = {}): IncrementalDecoder {
    const skip_special_tokens = options.skipSpecialTokens ?? true;
    return createIncrementalDecoder(
      (ids) => this.full.decode(ids, { skip_special_tokens, clean_up_tokenization_spaces: false }),
      { cleanUpSpaces: options.cleanUpSpaces ?? this.cleanUpSpaces },
    );
  }

  /** @throws PocketLMError `INVALID_MODEL` when the model has no chat template. */
  renderChat(messages: ChatMessage[], options: ChatTemplateOptions = {}): string {
    return this.requireChatTemplate().render(messages, options);
  }

  /** @throws PocketLMError `INVALID_MODEL` when the model has no chat template. */
  encodeChat(messages: ChatMessage[], options: ChatTemplateOptions = {}): number[] {
    const template = this.requireChatTemplate();
    return encodeChatSafely(messages, options.context ?? {}, {
      render: (m, context) => template.render(m, { ...options, context }),
      encodeTemplate: (text) => this.encode(text, { parseSpecialTokens: true }),
      encodePlain: (text) => this.encode(text),
      containsSpecialToken: (text) => this.specialContents.some((s) => text.includes(s)),
    });
  }

  private requireChatTemplate(): ChatTemplate {
    if (this.chatTemplate) return this.chatTemplate;
    throw new PocketLMError(
      'INVALID_MODEL',
      `${this.id} has no chat template (no chat_template in tokenizer_config.json and no chat_template.jinja), ` +
        'so it cannot format chat messages. Use a plain text prompt, or an instruct/chat variant of the model.',
      { details: { model: this.id } },
    );
  }
}
