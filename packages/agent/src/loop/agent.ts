import type { ChatMessage } from '@pocketlm/core';
import { PocketLMError, throwIfAborted } from '@pocketlm/core';
import type { ToolCallFormat } from '../formats/tool-call-format.js';
import { checkToolChoice, streamToolStep } from '../step/stream-tool-step.js';
import type { ToolStepFinishEvent } from '../step/tool-step-events.js';
import { toolStepMessages } from '../step/tool-step-messages.js';
import type { Tool, ToolCall, ToolSpec } from '../tools/tool.js';
import type { AgentEvent, AgentFinishEvent, AgentResult, ToolResultEvent } from './agent-events.js';
import type { AgentModel, AgentOptions, RunOptions, ToolChoice } from './agent-options.js';
import { executeTool, type ToolOutcome } from './execute-tool.js';
import { toolResultText, truncateToTokens } from './tool-result-text.js';

// Kept here for createAgent, which checks a fixed tool choice up front.
export { checkToolChoice };

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

  /** @internal Use `createAgent()`. */
  constructor(parts: AgentParts) {
    this.options = parts.options;
    this.model = parts.options.model;
    this.tools = new Map(parts.options.tools.map((t) => [t.name, t]));
    this.specs = parts.specs;
    this.format = parts.format;
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
      let done: ToolStepFinishEvent | undefined;
      for await (const event of streamToolStep(
        this.model,
        { ...this.options.generation, messages, signal },
        {
          tools: this.specs,
          toolChoice: this.choiceFor(step),
          parallelToolCalls: this.options.parallelToolCalls,
          format: this.format,
          native,
          // The loop builds its conversation with the format's own messages.
          prepareMessages: false,
          newId,
        },
      )) {
        if (event.type === 'text-delta') yield { type: 'text-delta', step, text: event.text };
        else if (event.type === 'finish') done = event;
      }
      if (!done) throw new PocketLMError('BACKEND_ERROR', 'A model turn ended without a finish event.');
      const result = done.generation;
      usage.promptTokens += result.usage.promptTokens;
      usage.completionTokens += result.usage.completionTokens;
      const parsed = { text: done.text, calls: done.toolCalls, malformed: done.malformed };
      text = parsed.text;
      messages.push(done.message);
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
    const given = typeof input === 'string' ? [{ role: 'user', content: input }] : input;
    return toolStepMessages(given, {
      tools: this.specs,
      format: this.format,
      native,
      system: this.options.system,
    });
  }
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
