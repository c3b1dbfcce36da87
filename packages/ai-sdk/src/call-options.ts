import type { LanguageModelV3CallOptions, SharedV3Warning } from '@ai-sdk/provider';
import {
  detectToolCallFormat,
  type ToolSpec,
  type ToolStepOptions,
  toolCallFormat,
  toolStepMessages,
} from '@pocketlm/agent';
import type { GenerateRequest, ResponseFormat, Tokenizer } from '@pocketlm/core';
import { convertPrompt } from './convert-prompt.js';
import { type PocketLMLanguageModelSettings, resolveSettings } from './pocketlm-settings.js';

/** One AI SDK call as a PocketLM request and tool-step options, with the warnings for what was not used. */
export interface PreparedCall {
  request: GenerateRequest;
  step: ToolStepOptions;
  warnings: SharedV3Warning[];
}

/**
 * Maps the call options to a `GenerateRequest` (sampling, stops, `responseFormat`, abort) and the tools to
 * `streamToolStep`'s options. Settings a local model has no use for become `unsupported` warnings.
 */
export function prepareCall(
  options: LanguageModelV3CallOptions,
  defaults: PocketLMLanguageModelSettings,
  tokenizer: Tokenizer,
): PreparedCall {
  const warnings: SharedV3Warning[] = [];
  const settings = resolveSettings(defaults, options.providerOptions, warnings);
  const tools = functionTools(options, warnings);
  const format = settings.toolCallFormat
    ? toolCallFormat(settings.toolCallFormat)
    : detectToolCallFormat(tokenizer);
  const native = tokenizer.templateSupportsTools;
  // Rewritten here rather than inside the step, so `request.body` shows what the chat template is given.
  const messages = toolStepMessages(convertPrompt(options.prompt, warnings), { tools, format, native });
  const toolChoice = options.toolChoice;
  const choice: ToolStepOptions['toolChoice'] =
    toolChoice === undefined
      ? 'auto'
      : toolChoice.type === 'tool'
        ? { name: toolChoice.toolName }
        : toolChoice.type;
  let responseFormat = jsonFormat(options.responseFormat);
  if (responseFormat && tools.length > 0 && choice !== 'none') {
    // One turn has one constraint: the tool-call format's. JSON applies on turns with toolChoice 'none'.
    warnings.push({
      type: 'unsupported',
      feature: 'responseFormat with tools',
      details:
        'A turn that may call tools is constrained to the tool-call format; the JSON format applies only with ' +
        'toolChoice "none" (set it for the last step with prepareStep).',
    });
    responseFormat = undefined;
  }
  if (options.includeRawChunks) {
    warnings.push({
      type: 'unsupported',
      feature: 'includeRawChunks',
      details: 'PocketLM has no raw chunks.',
    });
  }
  // `headers` are ignored without a warning: the SDK itself always sends a user-agent header.
  const request = defined({
    messages,
    maxTokens: options.maxOutputTokens,
    temperature: options.temperature,
    topP: options.topP,
    topK: options.topK,
    minP: settings.minP,
    repetitionPenalty: settings.repetitionPenalty,
    presencePenalty: options.presencePenalty,
    frequencyPenalty: options.frequencyPenalty,
    seed: options.seed,
    stop: options.stopSequences?.length ? options.stopSequences : undefined,
    responseFormat,
    kvCache: settings.kvCache,
    speculative: settings.speculative,
    priority: settings.priority,
    signal: options.abortSignal,
  }) as GenerateRequest;
  const step: ToolStepOptions = {
    tools,
    toolChoice: choice,
    ...(settings.parallelToolCalls !== undefined ? { parallelToolCalls: settings.parallelToolCalls } : {}),
    format,
    native,
    prepareMessages: false,
  };
  return { request, step, warnings };
}

/** Function tools as tool specs; provider-defined tools (another provider's web search, say) are warned about. */
function functionTools(options: LanguageModelV3CallOptions, warnings: SharedV3Warning[]): ToolSpec[] {
  const specs: ToolSpec[] = [];
  for (const tool of options.tools ?? []) {
    if (tool.type !== 'function') {
      warnings.push({ type: 'unsupported', feature: `provider-defined tool ${tool.id}` });
      continue;
    }
    specs.push({
      name: tool.name,
      description: tool.description ?? '',
      parameters: withoutDialect(tool.inputSchema),
    });
  }
  return specs;
}

/** The AI SDK's JSON response format as PocketLM's constrained one: a schema, or any JSON object. */
function jsonFormat(format: LanguageModelV3CallOptions['responseFormat']): ResponseFormat | undefined {
  if (format?.type !== 'json') return undefined;
  return format.schema
    ? { type: 'json_schema', schema: withoutDialect(format.schema) }
    : { type: 'json_object' };
}

/** zod's and the AI SDK's schemas name their dialect in `$schema`; the constraint compiler needs only the rules. */
function withoutDialect(schema: object): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = schema as Record<string, unknown>;
  return rest;
}

function defined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
