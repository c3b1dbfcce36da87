export { callSchema, rebaseRefs } from './call-schema.js';
export { detectToolCallFormat, type ToolCallFormatName, toolCallFormat } from './detect-format.js';
export { hermesFormat } from './hermes.js';
export { llama3JsonFormat } from './llama3-json.js';
export { mistralFormat } from './mistral.js';
export { mistralCallId } from './mistral-call-id.js';
export type { ParsedReply, ToolCallFormat } from './tool-call-format.js';
