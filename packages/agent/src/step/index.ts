export { checkToolChoice, streamToolStep, type ToolStepModel } from './stream-tool-step.js';
export type {
  ToolStepCallEvent,
  ToolStepEvent,
  ToolStepFinishEvent,
  ToolStepFinishReason,
  ToolStepTextDeltaEvent,
} from './tool-step-events.js';
export { toolStepMessages } from './tool-step-messages.js';
export type { ToolStepChoice, ToolStepOptions } from './tool-step-options.js';
