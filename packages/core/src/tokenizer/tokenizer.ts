/** A chat message in the shape every chat template expects. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool' | (string & {});
  content: string;
  /** An assistant turn's tool calls, as Hugging Face chat templates read them. */
  tool_calls?: ChatToolCall[];
  /** A `tool` message: the id of the call it answers. */
  tool_call_id?: string;
  /** A `tool` message: the tool's name. */
  name?: string;
}

/** One tool call in a chat message: `arguments` is an object, which templates render with `tojson`. */
export interface ChatToolCall {
  id?: string;
  type: 'function';
  function: { name: string; arguments: Record<string, unknown> };
}

/** A tool as chat templates receive it in their `tools` variable (the OpenAI function shape). */
export interface ToolDefinition {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

export interface EncodeOptions {
  /**
   * Whether special-token strings in the text (like `<|im_start|>`) become control tokens. Off by default, so
   * user text can never inject control tokens.
   */
  parseSpecialTokens?: boolean;
  /** Add the tokenizer's BOS/EOS wrapping (its post-processor). Off by default. */
  addSpecialTokens?: boolean;
}

export interface ChatTemplateOptions {
  addGenerationPrompt?: boolean;
  /** Extra variables for the template (tools, documents, …). */
  context?: Record<string, unknown>;
}

/** Turns text into bytes-safe text deltas, one token at a time, never emitting half a UTF-8 character. */
export interface IncrementalDecoder {
  /** Adds one token and returns the text it completes (possibly empty). */
  push(id: number): string;
  /** Returns whatever is still held back (an incomplete character becomes U+FFFD). */
  flush(): string;
}

/** One implementation lives in core over `tokenizer.json`; the interface is what the engine relies on. */
export interface Tokenizer {
  /** Number of ids the tokenizer can produce (vocabulary plus added tokens). */
  readonly size: number;
  readonly bosTokenId: number | undefined;
  /** Ids that end generation (the EOS token plus chat end-of-turn tokens). */
  readonly eosTokenIds: number[];
  encode(text: string, options?: EncodeOptions): number[];
  decode(ids: ArrayLike<number>, options?: { skipSpecialTokens?: boolean }): string;
  isSpecial(id: number): boolean;
  /**
   * `cleanUpSpaces` overrides the tokenizer's `clean_up_tokenization_spaces` (off for constrained output: the
   * rewrite of " ." to "." would change text the constraint already checked).
   */
  createDecoder(options?: { skipSpecialTokens?: boolean; cleanUpSpaces?: boolean }): IncrementalDecoder;
  /** Whether the model ships a chat template. */
  readonly hasChatTemplate: boolean;
  /** Whether that template renders a `tools` list (and so teaches the model its own tool-call format). */
  readonly templateSupportsTools: boolean;
  renderChat(messages: ChatMessage[], options?: ChatTemplateOptions): string;
  /**
   * Renders the chat template and encodes it. Template text may hold control tokens; message contents, every other
   * message field (tool calls, `name`, `tool_call_id`) and the strings in `context` (tools, documents; not
   * `bos_token` and the like) are always encoded as plain text.
   *
   * @throws PocketLMError `INVALID_OPTIONS` when the template transforms a non-content string that holds a
   *   special-token string (then it could only be encoded by parsing control tokens out of it).
   */
  encodeChat(messages: ChatMessage[], options?: ChatTemplateOptions): number[];
}
