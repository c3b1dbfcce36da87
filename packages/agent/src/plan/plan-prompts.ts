import type { ChatMessage } from '@pocketlm/core';
import type { ToolSpec } from '../tools/tool.js';
import type { PlanStepResult } from './plan-events.js';

/** The plan's shape, enforced by the constraint: a short list of short steps. */
export function planSchema(maxSteps: number): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      steps: {
        type: 'array',
        items: { type: 'string', minLength: 1, maxLength: 160 },
        minItems: 1,
        maxItems: maxSteps,
      },
    },
    required: ['steps'],
    additionalProperties: false,
  };
}

function toolList(tools: readonly ToolSpec[]): string {
  return tools.map((t) => `- ${t.name}: ${t.description}`).join('\n');
}

function resultList(done: readonly PlanStepResult[]): string {
  return done
    .map((s, i) => `${i + 1}. ${s.description} → ${s.ok ? s.result : `FAILED: ${s.error}`}`)
    .join('\n');
}

/** Asks for the first plan. */
export function planMessages(task: string, tools: readonly ToolSpec[], maxSteps: number): ChatMessage[] {
  return [
    {
      role: 'system',
      content:
        `You plan tasks for an assistant that can use these tools:\n${toolList(tools)}\n\n` +
        `Split the task into at most ${maxSteps} short steps, each one action. ` +
        'Reply with JSON: {"steps": ["…", "…"]}.',
    },
    { role: 'user', content: task },
  ];
}

/** After a failed step: reflect on why, and plan the rest of the work again. */
export function replanMessages(
  task: string,
  tools: readonly ToolSpec[],
  maxSteps: number,
  done: readonly PlanStepResult[],
): ChatMessage[] {
  const [system] = planMessages(task, tools, maxSteps);
  return [
    system,
    {
      role: 'user',
      content:
        `Task: ${task}\n\nSteps so far:\n${resultList(done)}\n\n` +
        'The last step failed. Think about why, then plan the remaining steps differently.',
    },
  ];
}

/** The executor's brief for one step. */
export function stepMessages(task: string, step: string, done: readonly PlanStepResult[]): ChatMessage[] {
  const context = done.length ? `\n\nDone so far:\n${resultList(done)}` : '';
  return [
    {
      role: 'system',
      content:
        `You are carrying out one step of a plan for this task: ${task}${context}\n\n` +
        "Use the tools as needed, then reply with the step's result in one or two sentences.",
    },
    { role: 'user', content: step },
  ];
}

/** The last turn: answer the task from the steps' results. */
export function answerMessages(task: string, done: readonly PlanStepResult[]): ChatMessage[] {
  return [
    { role: 'system', content: 'Answer the task from the results of the steps taken. Be brief.' },
    { role: 'user', content: `Task: ${task}\n\nSteps:\n${resultList(done)}` },
  ];
}
