import { PocketLMError } from '../errors/pocketlm-error.js';
import type { ChatMessage } from '../tokenizer/tokenizer.js';
import type { GenerateOptions } from './generate-options.js';
import type { GenerateResult, StreamEvent } from './stream-events.js';
import { resultOf, type TextGenerator } from './text-generator.js';

/** Options for a chat over any {@link TextGenerator}. */
export interface MessageChatOptions {
  system?: string;
  messages?: ChatMessage[];
  defaults?: GenerateOptions;
}

/**
 * A conversation over a text generator that is not an engine (an engine in middleware): it keeps the messages and
 * sends the whole history each turn. The engine's prefix cache still reuses the KV of the earlier turns.
 */
export class MessageChatSession {
  private history: ChatMessage[];
  private readonly initial: ChatMessage[];
  private busy = false;

  constructor(
    private readonly generator: TextGenerator,
    private readonly options: MessageChatOptions = {},
  ) {
    this.initial = [
      ...(options.system !== undefined ? [{ role: 'system', content: options.system }] : []),
      ...(options.messages ?? []),
    ];
    this.history = [...this.initial];
  }

  /** The conversation so far (a copy). */
  get messages(): ChatMessage[] {
    return this.history.map((m) => ({ ...m }));
  }

  /** Streams the reply to `content`; the turn joins the history once it finishes. */
  async *stream(content: string, options: GenerateOptions = {}): AsyncGenerator<StreamEvent> {
    if (this.busy) {
      throw new PocketLMError('INVALID_OPTIONS', 'A chat session answers one message at a time.');
    }
    this.busy = true;
    try {
      const messages = [...this.history, { role: 'user', content }];
      for await (const event of this.generator.stream({ ...this.options.defaults, ...options, messages })) {
        if (event.type === 'finish') this.history = [...messages, { role: 'assistant', content: event.text }];
        yield event;
      }
    } finally {
      this.busy = false;
    }
  }

  async send(content: string, options: GenerateOptions = {}): Promise<GenerateResult> {
    return resultOf(this.stream(content, options));
  }

  /** Back to the system prompt and the starting messages. */
  reset(): void {
    this.history = [...this.initial];
  }
}
