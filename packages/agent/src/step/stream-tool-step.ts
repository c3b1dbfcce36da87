import type {
  ChatMessage,
  FinishEvent,
  GenerateRequest,
  ResponseFormat,
  StreamEvent,
  Tokenizer,
} from '@pocketlm/core';
import { PocketLMError } from '@pocketlm/core';
import { detectToolCallFormat, toolCallFormat } from '../formats/detect-format.js';
import type { ToolCallFormat } from '../formats/tool-call-format.js';
import { decodeReply } from '../loop/decode-reply.js';
import { TextUntilTrigger } from '../loop/text-until-trigger.js';
import { toToolDefinitions } from '../tools/resolve-tools.js';
import type { ToolCall, ToolSpec } from '../tools/tool.js';
import type { ToolStepEvent, ToolStepFinishEvent, ToolStepFinishReason } from './tool-step-events.js';
import { toolStepMessages } from './tool-step-messages.js';
import type { ToolStepChoice, ToolStepOptions } from './tool-step-options.js';

/** What one step needs from a model: an `Engine`, or one wrapped in middleware (`wrapEngine`). */
export interface ToolStepModel {
  readonly tokenizer: Tokenizer;
  stream(request: GenerateRequest): AsyncIterable<StreamEvent>;
}

/**
 * One assistant turn with tools: picks the model's tool-call format, constrains the reply with the format's
 * `structural_tag` (so every call's arguments validate against its tool's schema), streams the prose while
 * hiding call text, and parses the reply into calls. It does not run tools: the agent loop, the HTTP server and
 * the AI SDK provider each do that their own way.
 *
 * @throws PocketLMError `INVALID_OPTIONS` for a tool choice naming no tool, or a `responseFormat` on a request
 *   whose reply must hold tool calls (a turn has one constraint); the engine's own errors otherwise.
 */
export async function* streamToolStep(
  model: ToolStepModel,
  request: GenerateRequest,
  options: ToolStepOptions,
): AsyncGenerator<ToolStepEvent> {
  const tools = options.tools ?? [];
  const format = resolveFormat(model.tokenizer, options.format);
  const native = options.native ?? model.tokenizer.templateSupportsTools;
  const choice = tools.length === 0 ? 'none' : checkToolChoice(options.toolChoice ?? 'auto', tools);
  const responseFormat =
    choice === 'none' ? request.responseFormat : callFormat(format, tools, choice, options);
  if (choice !== 'none' && request.responseFormat && request.responseFormat.type !== 'text') {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      'A turn that may call tools is already constrained to the tool-call format: pass "responseFormat" only ' +
        'with toolChoice "none".',
      { details: { option: 'responseFormat' } },
    );
  }
  const messages =
    request.messages && options.prepareMessages !== false
      ? toolStepMessages(request.messages, { tools, format, native })
      : request.messages;
  const triggers = triggersOf(choice, responseFormat);
  // Under `requireStructure` the whole reply is calls: there is no prose to show.
  const filter = triggers && new TextUntilTrigger(triggers);
  let result: FinishEvent | undefined;
  const generation = {
    ...request,
    ...(messages ? { messages } : {}),
    tools: native && choice !== 'none' ? toToolDefinitions(tools) : undefined,
    responseFormat,
  } as GenerateRequest;
  // The prose as shown: after middleware (a guard's redactions) and without call text.
  let shownText = '';
  for await (const event of model.stream(generation)) {
    if (event.type === 'text-delta') {
      const shown = filter ? filter.push(event.text) : '';
      shownText += shown;
      if (shown) yield { type: 'text-delta', text: shown };
    } else if (event.type === 'annotation') {
      yield event;
    } else if (event.type === 'finish') {
      result = event;
    }
  }
  if (!result) throw new PocketLMError('BACKEND_ERROR', 'A model turn ended without a finish event.');
  const rest = filter?.flush();
  shownText += rest ?? '';
  if (rest) yield { type: 'text-delta', text: rest };

  if (choice === 'none') {
    const message = format.assistantMessage(result.text, [], native);
    yield finish(result, result.finishReason, result.text, [], [], message);
    return;
  }
  // Triggers stay even when they are control tokens: Mistral opens calls with `[TOOL_CALLS]`.
  const keep = new Set(responseFormat?.type === 'structural_tag' ? responseFormat.triggers : []);
  const raw = decodeReply(model.tokenizer, result.tokens, keep);
  const parsed = format.parse(raw, [...tools], options.newId ?? randomCallId);
  for (const call of parsed.calls) {
    yield { type: 'tool-call', call, argumentsText: JSON.stringify(call.arguments) };
  }
  const reason = parsed.calls.length > 0 ? 'tool-calls' : result.finishReason;
  // The conversation keeps the model's own words (decoded from its tokens); callers are given the prose as it
  // was shown, so middleware that redacted the stream is not undone by re-decoding the tokens.
  const message = format.assistantMessage(parsed.text, parsed.calls, native);
  yield finish(result, reason, shownText.trim(), parsed.calls, parsed.malformed, message);
}

/** A tool choice that names a real tool; refused with `INVALID_OPTIONS` otherwise. */
export function checkToolChoice(choice: unknown, specs: readonly ToolSpec[]): ToolStepChoice {
  if (choice === 'auto' || choice === 'required' || choice === 'none') return choice;
  const name = (choice as { name?: unknown } | null)?.name;
  if (typeof name === 'string' && specs.some((s) => s.name === name)) return { name };
  throw new PocketLMError(
    'INVALID_OPTIONS',
    `"toolChoice" must be "auto", "required", "none" or { name } of one of the tools, got ${JSON.stringify(choice)}.`,
    { details: { option: 'toolChoice' } },
  );
}

function resolveFormat(tokenizer: Tokenizer, format: ToolStepOptions['format']): ToolCallFormat {
  if (format === undefined) return detectToolCallFormat(tokenizer);
  return typeof format === 'string' ? toolCallFormat(format) : format;
}

/** The format's constraint for this turn, ending after one call when parallel calls are off. */
function callFormat(
  format: ToolCallFormat,
  tools: readonly ToolSpec[],
  choice: Exclude<ToolStepChoice, 'none'>,
  options: ToolStepOptions,
): ResponseFormat {
  const constraint = format.responseFormat([...tools], choice);
  if (options.parallelToolCalls !== false || constraint.type !== 'structural_tag') return constraint;
  return { ...constraint, stopAfterFirst: true };
}

/** The strings that open a tool call in free text; [] shows all text; null when the reply can only be calls. */
function triggersOf(choice: ToolStepChoice, format: ResponseFormat | undefined): string[] | null {
  if (choice === 'none') return [];
  if (format?.type !== 'structural_tag') return null;
  return format.requireStructure ? null : format.triggers;
}

function finish(
  generation: FinishEvent,
  finishReason: ToolStepFinishReason,
  text: string,
  toolCalls: ToolCall[],
  malformed: ToolStepFinishEvent['malformed'],
  message: ChatMessage,
): ToolStepFinishEvent {
  return {
    type: 'finish',
    finishReason,
    text,
    toolCalls,
    malformed,
    usage: generation.usage,
    message,
    generation,
  };
}

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `call` and 8 random letters or digits: ids need only be unique within one conversation. */
function randomCallId(): string {
  let id = 'call';
  for (let i = 0; i < 8; i++) id += ALPHANUMERIC[Math.floor(Math.random() * ALPHANUMERIC.length)];
  return id;
}
