import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
} from '@ai-sdk/provider';
import { generateId } from '@ai-sdk/provider-utils';
import { streamToolStep, type ToolStepFinishEvent } from '@pocketlm/agent';
import { type AnnotationEvent, PocketLMError, type TextGenerator } from '@pocketlm/core';
import { sdkError } from './abort-error.js';
import { prepareCall } from './call-options.js';
import { finishReason, providerMetadataOf, usageOf } from './map-finish.js';
import type { PocketLMLanguageModelSettings } from './pocketlm-settings.js';
import { streamParts } from './stream-parts.js';

/**
 * A PocketLM engine (or any `TextGenerator`: an engine wrapped in guard middleware, say) as an AI SDK
 * `LanguageModelV3`. Each call is one `streamToolStep` from `@pocketlm/agent`: tool calls are generated under a
 * constraint, so their inputs always validate; JSON output is constrained decoding, so it always parses.
 */
export class PocketLMLanguageModel implements LanguageModelV3 {
  readonly specificationVersion = 'v3';
  readonly provider = 'pocketlm';
  /** The model reads text only: no URL is fetched by the model itself. */
  readonly supportedUrls: Record<string, RegExp[]> = {};
  readonly modelId: string;
  private readonly generator: TextGenerator;
  private readonly settings: PocketLMLanguageModelSettings;

  constructor(generator: TextGenerator, modelId: string, settings: PocketLMLanguageModelSettings = {}) {
    this.generator = generator;
    this.modelId = modelId;
    this.settings = settings;
  }

  async doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    const { request, step, warnings } = prepareCall(options, this.settings, this.generator.tokenizer);
    let finish: ToolStepFinishEvent | undefined;
    const annotations: AnnotationEvent[] = [];
    try {
      for await (const event of streamToolStep(this.generator, request, step)) {
        if (event.type === 'finish') finish = event;
        else if (event.type === 'annotation') annotations.push(event);
      }
    } catch (error) {
      throw sdkError(error, options.abortSignal);
    }
    if (!finish) throw new PocketLMError('BACKEND_ERROR', 'The model turn ended without a finish event.');
    const content: LanguageModelV3Content[] = [];
    if (finish.text) content.push({ type: 'text', text: finish.text });
    for (const call of finish.toolCalls) {
      content.push({
        type: 'tool-call',
        toolCallId: call.id,
        toolName: call.name,
        input: JSON.stringify(call.arguments),
      });
    }
    return {
      content,
      finishReason: finishReason(finish),
      usage: usageOf(finish),
      providerMetadata: providerMetadataOf(finish, annotations),
      request: { body: { messages: request.messages } },
      response: { id: this.newResponseId(), modelId: this.modelId, timestamp: new Date() },
      warnings,
    };
  }

  async doStream(options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    const { request, step, warnings } = prepareCall(options, this.settings, this.generator.tokenizer);
    // Cancelling the stream (the reader stops) aborts generation, so the engine frees the sequence at once.
    const cancel = new AbortController();
    const signal = options.abortSignal
      ? AbortSignal.any([options.abortSignal, cancel.signal])
      : cancel.signal;
    const parts = streamParts(streamToolStep(this.generator, { ...request, signal }, step), {
      warnings,
      modelId: this.modelId,
      responseId: this.newResponseId(),
    });
    const stream = new ReadableStream<LanguageModelV3StreamPart>({
      async pull(controller) {
        try {
          const next = await parts.next();
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        } catch (error) {
          const mapped = sdkError(error, options.abortSignal);
          // An abort must reject the read (the SDK then reports `abort`); other failures are `error` parts.
          if (mapped !== error) controller.error(mapped);
          else {
            controller.enqueue({ type: 'error', error });
            controller.close();
          }
        }
      },
      async cancel(reason) {
        cancel.abort(reason);
        await parts.return(undefined);
      },
    });
    return { stream, request: { body: { messages: request.messages } } };
  }

  private newResponseId(): string {
    return `pocketlm-${generateId()}`;
  }
}
