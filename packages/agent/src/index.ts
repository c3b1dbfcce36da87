export type { ParsedReply, ToolCallFormat, ToolCallFormatName } from './formats/index.js';
export {
  detectToolCallFormat,
  hermesFormat,
  llama3JsonFormat,
  mistralCallId,
  mistralFormat,
  toolCallFormat,
} from './formats/index.js';
export { Agent } from './loop/agent.js';
export type {
  AgentEvent,
  AgentFinishEvent,
  AgentFinishReason,
  AgentResult,
  AgentTextDeltaEvent,
  StepFinishEvent,
  StepStartEvent,
  ToolCallEvent,
  ToolResultEvent,
} from './loop/agent-events.js';
export type { AgentModel, AgentOptions, RunOptions, ToolChoice } from './loop/agent-options.js';
export { createAgent } from './loop/create-agent.js';
export type { PlanExecutorOptions } from './plan/create-plan-executor.js';
export { createPlanExecutor } from './plan/create-plan-executor.js';
export type {
  ExecutorEvent,
  PlanEvent,
  PlanFinishEvent,
  PlanResult,
  PlanRunEvent,
  PlanStepFinishEvent,
  PlanStepResult,
  PlanStepStartEvent,
  PlanTextDeltaEvent,
  ReplanEvent,
} from './plan/plan-events.js';
export { PlanExecutor } from './plan/plan-executor.js';
export {
  checkToolChoice,
  streamToolStep,
  type ToolStepCallEvent,
  type ToolStepChoice,
  type ToolStepEvent,
  type ToolStepFinishEvent,
  type ToolStepFinishReason,
  type ToolStepModel,
  type ToolStepOptions,
  type ToolStepTextDeltaEvent,
  toolStepMessages,
} from './step/index.js';
export { resolveTools, toToolDefinitions } from './tools/resolve-tools.js';
export type {
  JsonSchema,
  Tool,
  ToolCall,
  ToolExecutionContext,
  ToolSpec,
  ZodLikeSchema,
} from './tools/tool.js';
