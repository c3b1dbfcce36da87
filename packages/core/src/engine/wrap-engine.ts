import type { ChatMessage, Tokenizer } from '../tokenizer/tokenizer.js';
import type { EngineInfo } from './engine.js';
import type { GenerateRequest } from './generate-options.js';
import { type MessageChatOptions, MessageChatSession } from './message-chat-session.js';
import type { EngineMiddleware } from './middleware.js';
import type { GenerateResult, StreamEvent } from './stream-events.js';
import { resultOf, type TextGenerator } from './text-generator.js';

/** An engine behind middleware: the same calls, each request passing through every middleware in order. */
export class WrappedEngine implements TextGenerator {
  readonly info: EngineInfo;
  readonly tokenizer: Tokenizer;

  constructor(
    private readonly inner: TextGenerator & { dispose?: () => Promise<void> },
    private readonly middleware: readonly EngineMiddleware[],
  ) {
    this.info = inner.info;
    this.tokenizer = inner.tokenizer;
  }

  /** The first middleware sees the request first and the events last. */
  stream(request: GenerateRequest): AsyncIterable<StreamEvent> {
    const run = (index: number, req: GenerateRequest): AsyncIterable<StreamEvent> => {
      if (index === this.middleware.length) return this.inner.stream(req);
      return through(this.middleware[index], req, (next) => run(index + 1, next), this.inner);
    };
    return run(0, request);
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    return resultOf(this.stream(request));
  }

  countTokens(input: string | ChatMessage[]): number {
    return this.inner.countTokens(input);
  }

  /** A conversation whose every turn goes through the middleware. */
  chat(options: MessageChatOptions = {}): MessageChatSession {
    return new MessageChatSession(this, options);
  }

  /** Releases the engine beneath. */
  async dispose(): Promise<void> {
    await this.inner.dispose?.();
  }
}

async function* through(
  middleware: EngineMiddleware,
  request: GenerateRequest,
  next: (request: GenerateRequest) => AsyncIterable<StreamEvent>,
  engine: TextGenerator,
): AsyncGenerator<StreamEvent> {
  const transformed = middleware.transformRequest ? await middleware.transformRequest(request) : request;
  yield* middleware.wrapStream
    ? middleware.wrapStream({ request: transformed, doStream: next, engine })
    : next(transformed);
}

/**
 * Puts middleware in front of an engine (or of another wrapped engine). The result has the engine's calls
 * (`stream`, `generate`, `chat`, `countTokens`, `dispose`) and can go wherever a {@link TextGenerator} is taken.
 */
export function wrapEngine(
  engine: TextGenerator & { dispose?: () => Promise<void> },
  ...middleware: EngineMiddleware[]
): WrappedEngine {
  return new WrappedEngine(engine, middleware);
}
