import type { GenerateOptions } from '@pocketlm/core';
import { PocketLMError } from '@pocketlm/core';
import type { Agent } from '../loop/agent.js';
import type { AgentEvent } from '../loop/agent-events.js';
import type { AgentModel, RunOptions } from '../loop/agent-options.js';
import type { PlanResult, PlanRunEvent, PlanStepResult } from './plan-events.js';
import { answerMessages, planMessages, planSchema, replanMessages, stepMessages } from './plan-prompts.js';

export interface PlanExecutorParts {
  /** The model that writes plans (often the executor's own model with a planning prompt). */
  planner: AgentModel;
  /** Runs each step with the tools. */
  executor: Agent;
  executorModel: AgentModel;
  maxPlanSteps: number;
  plannerGeneration: Omit<GenerateOptions, 'responseFormat' | 'signal'>;
}

/**
 * Planner → executor: the planner writes a short plan (JSON under a schema, so it always parses), the executor
 * agent runs each step with the tools, and a failed step triggers one reflection and replan of the remaining work
 * (not a reflection after every step). A step that fails after the replan ends the run as `failed`.
 */
export class PlanExecutor {
  constructor(private readonly parts: PlanExecutorParts) {}

  async run(task: string, options: RunOptions = {}): Promise<PlanResult> {
    for await (const event of this.stream(task, options)) {
      if (event.type === 'finish') {
        const { type: _, ...result } = event;
        return result;
      }
    }
    throw new PocketLMError('BACKEND_ERROR', 'The plan ended without a finish event.');
  }

  async *stream(task: string, options: RunOptions = {}): AsyncGenerator<PlanRunEvent> {
    const { executor, maxPlanSteps } = this.parts;
    const specs = executor.specs;
    let steps = await this.plan(planMessages(task, specs, maxPlanSteps), task, options.signal);
    yield { type: 'plan', steps, revision: 0 };
    const done: PlanStepResult[] = [];
    let replanned = false;
    let status: 'done' | 'failed' = 'done';

    for (let i = 0; i < steps.length; i++) {
      const index = done.length;
      yield { type: 'plan-step-start', index, description: steps[i] };
      const outcome = yield* this.runStep(task, steps[i], index, done, options);
      done.push(outcome);
      yield { type: 'plan-step-finish', index, ...outcome };
      if (outcome.ok) continue;
      if (replanned) {
        status = 'failed';
        break;
      }
      replanned = true;
      yield { type: 'replan', failed: outcome };
      steps = await this.plan(replanMessages(task, specs, maxPlanSteps, done), task, options.signal);
      yield { type: 'plan', steps, revision: 1 };
      i = -1;
    }

    let answer = '';
    for await (const event of this.parts.executorModel.stream({
      ...this.parts.plannerGeneration,
      messages: answerMessages(task, done),
      signal: options.signal,
    })) {
      if (event.type === 'text-delta') yield { type: 'text-delta', text: event.text };
      else if (event.type === 'finish') answer = event.text.trim();
    }
    yield { type: 'finish', status, answer, steps: done };
  }

  /** A plan under the plan schema; a reply cut off before its JSON closes falls back to the task as one step. */
  private async plan(
    messages: Parameters<AgentModel['stream']>[0]['messages'],
    task: string,
    signal?: AbortSignal,
  ) {
    let text = '';
    for await (const event of this.parts.planner.stream({
      ...this.parts.plannerGeneration,
      messages: messages!,
      responseFormat: { type: 'json_schema', schema: planSchema(this.parts.maxPlanSteps) },
      signal,
    })) {
      if (event.type === 'finish') text = event.text;
    }
    try {
      const steps = (JSON.parse(text) as { steps: string[] }).steps.map((s) => s.trim()).filter(Boolean);
      return steps.length ? steps : [task];
    } catch {
      return [task];
    }
  }

  /**
   * One step through the executor: failed when a tool's last call errored (or a call was malformed) or the
   * executor ran out of steps. A final reply cut off at `maxTokens` still counts as the step's result.
   */
  private async *runStep(
    task: string,
    step: string,
    index: number,
    done: readonly PlanStepResult[],
    options: RunOptions,
  ): AsyncGenerator<PlanRunEvent, PlanStepResult> {
    const lastError = new Map<string, string | undefined>();
    let finish: Extract<AgentEvent, { type: 'finish' }> | undefined;
    for await (const event of this.parts.executor.stream(stepMessages(task, step, done), options)) {
      yield { type: 'executor', index, event };
      if (event.type === 'tool-result') lastError.set(event.call.name, event.error);
      if (event.type === 'finish') finish = event;
    }
    const errors = [...lastError.values()].filter((e): e is string => e !== undefined);
    const result = finish?.text ?? '';
    if (errors.length) return { description: step, ok: false, result, error: errors.join('; ') };
    if (finish?.finishReason === 'max-steps' || finish === undefined) {
      const error = `The executor stopped without finishing the step (${finish?.finishReason}).`;
      return { description: step, ok: false, result, error };
    }
    return { description: step, ok: true, result };
  }
}
