import type { ChatMessage, FinishEvent, ResponseFormat, ToolDefinition } from '@pocketlm/core';
import { PocketLMError, throwIfAborted } from '@pocketlm/core';
import type { ToolCallFormat } from '../formats/tool-call-format.js';
import type { Tool, ToolCall, ToolSpec } from '../tools/tool.js';
import type { AgentEvent, AgentFinishEvent, AgentResult, ToolResultEvent } from './agent-events.js';
import type { AgentModel, AgentOptions, RunOptions, ToolChoice } from './agent-options.js';
import { decodeReply } from './decode-reply.js';
import { executeTool, type ToolOutcome } from './execute-tool.js';
import { TextUntilTrigger } from './text-until-trigger.js';
import { toolResultText, truncateToTokens } from './tool-result-text.js';

export const DEFAULT_MAX_STEPS = 8;
export const DEFAULT_TOOL_TIMEOUT_MS = 30_000;

/** The parts `createAgent` resolves once: tool schemas, the call format, limits. */
export interface AgentParts {
  options: AgentOptions;
  specs: ToolSpec[];
  format: ToolCallFormat;
}

/**
 * A tool-using agent over one model. Each step the model answers under a constraint that keeps its tool calls
 * valid; the calls run (concurrently, after any confirmations), their results go back into the conversation, and
 * the loop goes on until the model answers without calling a tool, or `maxSteps`.
 */
export class Agent {
  readonly specs: ToolSpec[];
  readonly format: ToolCallFormat;
  private readonly model: AgentModel;
  private readonly tools: Map<string, Tool>;
  private readonly options: AgentOptions;
  private readonly definitions: ToolDefinition[];

  /** @internal Use `createAgent()`. */
  constructor(parts: AgentParts) {
    this.options = parts.options;
    this.model = parts.options.model;
    this.tools = new Map(parts.options.tools.map((t) => [t.name, t]));
    this.specs = parts.specs;
    this.format = parts.format;
    this.definitions = parts.specs.map((s) => ({
      type: 'function',
      function: { name: s.name, description: s.description, parameters: s.parameters },
    }));
  }

  /** Runs to the end and resolves with the answer, the step count and the whole conversation. */
  async run(input: string | ChatMessage[], options: RunOptions = {}): Promise<AgentResult> {
    for await (const event of this.stream(input, options)) {
      if (event.type === 'finish') {
        const { type: _, ...result } = event;
        return result;
      }
    }
    throw new PocketLMError('BACKEND_ERROR', 'The agent ended without a finish event.');
  }

  /**
   * Streams the run: `step-start`, `text-delta`, `step-finish`, then `tool-call` and `tool-result` for each call,
   * and `finish` at the end. Aborting `signal` stops generation and pending tools and throws `ABORTED`.
   */
  async *stream(input: string | ChatMessage[], options: RunOptions = {}): AsyncGenerator<AgentEvent> {
    const { signal } = options;
    throwIfAborted(signal);
    const native = this.model.tokenizer.templateSupportsTools;
    const messages = this.initialMessages(input, native);
    const maxSteps = this.options.maxSteps ?? DEFAULT_MAX_STEPS;
    const usage = { promptTokens: 0, completionTokens: 0 };
    let ids = 0;
    // Nine alphanumerics: the shape Mistral's templates insist on, fine for every other format.
    const newId = () => `c${String(++ids).padStart(8, '0')}`;
    let text = '';

    for (let step = 1; step <= maxSteps; step++) {
      yield { type: 'step-start', step };
      const choice = this.choiceFor(step);
      const responseFormat = this.responseFormat(choice);
      const triggers = triggersOf(responseFormat);
      // Under `requireStructure` the whole reply is calls: there is no prose to show.
      const filter = triggers && new TextUntilTrigger(triggers);
      let result: FinishEvent | undefined;
      for await (const event of this.model.stream({
        ...this.options.generation,
        messages,
        tools: native && choice !== 'none' ? this.definitions : undefined,
        responseFormat,
        signal,
      })) {
        if (event.type === 'text-delta' && filter) {
          const shown = filter.push(event.text);
          if (shown) yield { type: 'text-delta', step, text: shown };
        } else if (event.type === 'finish') {
          result = event;
        }
      }
      if (!result) throw new PocketLMError('BACKEND_ERROR', 'A model turn ended without a finish event.');
      const rest = filter?.flush();
      if (rest) yield { type: 'text-delta', step, text: rest };
      usage.promptTokens += result.usage.promptTokens;
      usage.completionTokens += result.usage.completionTokens;

      // Triggers stay even when they are control tokens: Mistral opens calls with `[TOOL_CALLS]`.
      const keep = new Set(responseFormat?.type === 'structural_tag' ? responseFormat.triggers : []);
      const raw = decodeReply(this.model.tokenizer, result.tokens, keep);
      const parsed = this.format.parse(raw, this.specs, newId);
      text = parsed.text;
      messages.push(this.format.assistantMessage(parsed.text, parsed.calls, native));
      yield {
        type: 'step-finish',
        step,
        text: parsed.text,
        calls: parsed.calls,
        finishReason: result.finishReason,
        usage: result.usage,
      };
      if (parsed.calls.length === 0 && parsed.malformed.length === 0) {
        const reason = result.finishReason === 'length' ? 'length' : 'stop';
        yield finishEvent(reason, text, step, messages, usage);
        return;
      }

      for (const call of parsed.calls) yield { type: 'tool-call', step, call };
      const settled = await this.answer(parsed.calls, step, signal);
      // A call cut off at maxTokens, or naming no tool: the model is told, and may try again.
      for (const bad of parsed.malformed) {
        const call: ToolCall = { id: newId(), name: 'invalid_tool_call', arguments: {} };
        settled.push(
          this.resultEvent(step, call, { ok: false, error: `${bad.error} The call was: ${bad.raw}` }),
        );
      }
      for (const event of settled) {
        // The filter (a guard scanning for indirect injection) sees exactly what the model would read.
        if (this.options.filterToolResult) {
          const filtered = await this.options.filterToolResult(event.content, event.call, signal);
          if (filtered !== event.content) Object.assign(event, { content: filtered, filtered: true });
        }
        yield event;
        messages.push(this.format.toolResultMessage(event.call, event.content, native));
      }
    }
    yield finishEvent('max-steps', text, maxSteps, messages, usage);
  }

  /** The step's constraint: none without tools, else the format's, ending after one call if asked. */
  private responseFormat(choice: ToolChoice): ResponseFormat | undefined {
    if (choice === 'none') return undefined;
    const format = this.format.responseFormat(this.specs, choice);
    if (this.options.parallelToolCalls !== false || format.type !== 'structural_tag') return format;
    return { ...format, stopAfterFirst: true };
  }

  private choiceFor(step: number): ToolChoice {
    if (this.specs.length === 0) return 'none';
    const option = this.options.toolChoice ?? 'auto';
    return checkToolChoice(typeof option === 'function' ? option(step) : option, this.specs);
  }

  /** Confirms (one at a time: a person may be asked) and then runs the calls concurrently. */
  private async answer(calls: ToolCall[], step: number, signal?: AbortSignal): Promise<ToolResultEvent[]> {
    const approved: boolean[] = [];
    for (const call of calls) {
      const tool = this.tools.get(call.name)!;
      approved.push(!tool.requiresConfirmation || (await this.options.onConfirm!(call, tool)) === true);
      throwIfAborted(signal);
    }
    const outcomes = await Promise.all(
      calls.map((call, i): Promise<ToolOutcome> => {
        if (!approved[i]) {
          return Promise.resolve({ ok: false, error: `The user did not allow the call to "${call.name}".` });
        }
        const tool = this.tools.get(call.name)!;
        const timeoutMs = tool.timeoutMs ?? this.options.toolTimeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
        return executeTool(tool, call, { timeoutMs, signal });
      }),
    );
    return calls.map((call, i) => this.resultEvent(step, call, outcomes[i]));
  }

  private resultEvent(step: number, call: ToolCall, outcome: ToolOutcome): ToolResultEvent {
    const full = outcome.ok ? toolResultText(outcome.value) : `Error: ${outcome.error}`;
    const limit =
      this.options.maxToolResultTokens ?? Math.max(64, Math.floor(this.model.info.contextLength / 8));
    const { content, truncated } = truncateToTokens(full, this.model.tokenizer, limit);
    return outcome.ok
      ? { type: 'tool-result', step, call, result: outcome.value, content, truncated }
      : { type: 'tool-result', step, call, error: outcome.error, content, truncated };
  }

  /** The system prompt (with the format's tool instructions when the template cannot show tools), then the input. */
  private initialMessages(input: string | ChatMessage[], native: boolean): ChatMessage[] {
    const given = typeof input === 'string' ? [{ role: 'user', content: input }] : [...input];
    const system = [
      this.options.system,
      native || this.specs.length === 0 ? undefined : this.format.systemPrompt(this.specs),
    ]
      .filter((s): s is string => typeof s === 'string' && s.length > 0)
      .join('\n\n');
    if (given[0]?.role === 'system') {
      const merged = [given[0].content, system].filter(Boolean).join('\n\n');
      return [{ ...given[0], content: merged }, ...given.slice(1)];
    }
    return system ? [{ role: 'system', content: system }, ...given] : given;
  }
}

/** A tool choice that names a real tool; refused with `INVALID_OPTIONS` otherwise. */
export function checkToolChoice(choice: unknown, specs: readonly ToolSpec[]): ToolChoice {
  if (choice === 'auto' || choice === 'required' || choice === 'none') return choice;
  const name = (choice as { name?: unknown } | null)?.name;
  if (typeof name === 'string' && specs.some((s) => s.name === name)) return { name };
  throw new PocketLMError(
    'INVALID_OPTIONS',
    `"toolChoice" must be "auto", "required", "none" or { name } of one of the tools, got ${JSON.stringify(choice)}.`,
    { details: { option: 'toolChoice' } },
  );
}

/** The strings that open a tool call in free text; null when the reply can only be calls. */
function triggersOf(format: ResponseFormat | undefined): string[] | null {
  if (format?.type !== 'structural_tag') return format === undefined ? [] : null;
  return format.requireStructure ? null : format.triggers;
}

function finishEvent(
  finishReason: AgentFinishEvent['finishReason'],
  text: string,
  steps: number,
  messages: ChatMessage[],
  usage: AgentFinishEvent['usage'],
): AgentFinishEvent {
  return { type: 'finish', finishReason, text, steps, messages, usage };
}
