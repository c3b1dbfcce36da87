import type { GenerateOptions } from '@pocketlm/core';
import { PocketLMError } from '@pocketlm/core';
import type { AgentModel, AgentOptions } from '../loop/agent-options.js';
import { createAgent } from '../loop/create-agent.js';
import { PlanExecutor } from './plan-executor.js';

export interface PlanExecutorOptions extends AgentOptions {
  /** The model that plans (default: `model`, with a planning prompt). */
  planner?: AgentModel;
  /** Most steps in a plan (default 4). */
  maxPlanSteps?: number;
  /** Options for the planner's and the final answer's generation (default: `generation`, 512 tokens). */
  plannerGeneration?: Omit<GenerateOptions, 'responseFormat' | 'signal'>;
}

/**
 * Builds a planner → executor: the executor is an agent with `options` (its `maxSteps` counts per plan step,
 * default 4); the planner is `planner` or the same model.
 */
export async function createPlanExecutor(options: PlanExecutorOptions): Promise<PlanExecutor> {
  const { planner, maxPlanSteps = 4, plannerGeneration, ...agentOptions } = options;
  if (!Number.isInteger(maxPlanSteps) || maxPlanSteps <= 0 || maxPlanSteps > 16) {
    throw new PocketLMError('INVALID_OPTIONS', '"maxPlanSteps" must be an integer from 1 to 16.', {
      details: { option: 'maxPlanSteps' },
    });
  }
  const executor = await createAgent({ maxSteps: 4, ...agentOptions });
  return new PlanExecutor({
    planner: planner ?? options.model,
    executor,
    executorModel: options.model,
    maxPlanSteps,
    plannerGeneration: plannerGeneration ?? { maxTokens: 512, ...options.generation },
  });
}
