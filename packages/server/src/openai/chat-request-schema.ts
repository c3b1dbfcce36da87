import { z } from 'zod';
import { ignoredOpenAIFields, samplingFields } from './sampling-fields.js';

const textPart = z.strictObject({ type: z.literal('text'), text: z.string() });
/** Message content: a string, or text parts (images and audio need a multimodal model, which this is not). */
const textContent = z.union([z.string(), z.array(textPart)]);

const toolCall = z.strictObject({
  id: z.string(),
  type: z.literal('function'),
  function: z.strictObject({ name: z.string().min(1), arguments: z.string() }),
});

const systemMessage = z.strictObject({
  role: z.enum(['system', 'developer']),
  content: textContent,
  name: z.string().nullish(),
});
const userMessage = z.strictObject({
  role: z.literal('user'),
  content: textContent,
  name: z.string().nullish(),
});
const assistantMessage = z.strictObject({
  role: z.literal('assistant'),
  content: z.union([textContent, z.null()]).optional(),
  name: z.string().nullish(),
  tool_calls: z.array(toolCall).nullish(),
  refusal: z.string().nullish(),
});
const toolMessage = z.strictObject({
  role: z.literal('tool'),
  content: textContent,
  tool_call_id: z.string(),
});

export const chatMessageSchema = z.discriminatedUnion('role', [
  systemMessage,
  userMessage,
  assistantMessage,
  toolMessage,
]);
export type OpenAIChatMessage = z.infer<typeof chatMessageSchema>;

const functionTool = z.strictObject({
  type: z.literal('function'),
  function: z.strictObject({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'tool names are 1-64 of a-z, A-Z, 0-9, _ and -'),
    description: z.string().nullish(),
    parameters: z.record(z.string(), z.unknown()).nullish(),
    strict: z.boolean().nullish(),
  }),
});
export type OpenAITool = z.infer<typeof functionTool>;

const toolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.strictObject({ type: z.literal('function'), function: z.strictObject({ name: z.string() }) }),
]);
export type OpenAIToolChoice = z.infer<typeof toolChoice>;

export const responseFormatSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text') }),
  z.strictObject({ type: z.literal('json_object') }),
  z.strictObject({
    type: z.literal('json_schema'),
    json_schema: z.strictObject({
      name: z.string().min(1),
      description: z.string().nullish(),
      schema: z.record(z.string(), z.unknown()).nullish(),
      strict: z.boolean().nullish(),
    }),
  }),
]);
export type OpenAIResponseFormat = z.infer<typeof responseFormatSchema>;

/** `POST /v1/chat/completions`: unknown fields are a 400 naming them, except the ignored OpenAI ones. */
export const chatRequestSchema = z.strictObject({
  ...samplingFields,
  ...ignoredOpenAIFields,
  messages: z.array(chatMessageSchema).min(1),
  max_completion_tokens: z.number().int().positive().nullish(),
  tools: z.array(functionTool).nullish(),
  tool_choice: toolChoice.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  response_format: responseFormatSchema.nullish(),
  logprobs: z.boolean().nullish(),
  /** Accepted for compatibility; alternatives are not computed, so each token's `top_logprobs` is empty. */
  top_logprobs: z.number().int().min(0).max(20).nullish(),
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;
