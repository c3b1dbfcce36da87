import type { AgentEvent } from '../loop/agent-events.js';

/** The planner wrote (or, after a failure, rewrote) the plan. */
export interface PlanEvent {
  type: 'plan';
  steps: string[];
  /** 0 for the first plan, 1 after the replan. */
  revision: number;
}

export interface PlanStepStartEvent {
  type: 'plan-step-start';
  index: number;
  description: string;
}

/** An event of the executor working on step `index`. */
export interface ExecutorEvent {
  type: 'executor';
  index: number;
  event: AgentEvent;
}

/** What one plan step came to. */
export interface PlanStepResult {
  description: string;
  ok: boolean;
  /** The executor's answer for the step. */
  result: string;
  /** Why the step failed: a tool error, or the executor ran out of steps. */
  error?: string;
}

export interface PlanStepFinishEvent extends PlanStepResult {
  type: 'plan-step-finish';
  index: number;
}

/** A step failed: the planner is asked once to reflect and plan the rest again. */
export interface ReplanEvent {
  type: 'replan';
  failed: PlanStepResult;
}

/** Final answer text as it streams. */
export interface PlanTextDeltaEvent {
  type: 'text-delta';
  text: string;
}

export interface PlanFinishEvent {
  type: 'finish';
  /** `done` when every step succeeded; `failed` when a step failed again after the replan. */
  status: 'done' | 'failed';
  answer: string;
  steps: PlanStepResult[];
}

export type PlanRunEvent =
  | PlanEvent
  | PlanStepStartEvent
  | ExecutorEvent
  | PlanStepFinishEvent
  | ReplanEvent
  | PlanTextDeltaEvent
  | PlanFinishEvent;

export type PlanResult = Omit<PlanFinishEvent, 'type'>;
