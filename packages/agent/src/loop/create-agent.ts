import { PocketLMError } from '@pocketlm/core';
import { detectToolCallFormat, toolCallFormat } from '../formats/index.js';
import type { ToolCallFormat } from '../formats/tool-call-format.js';
import { resolveTools } from '../tools/resolve-tools.js';
import { Agent, checkToolChoice } from './agent.js';
import type { AgentOptions } from './agent-options.js';

/**
 * Builds an agent: converts and checks every tool's schema (an unsupported keyword fails here, naming the tool and
 * the keyword, not mid-run), picks the model's tool-call format, and checks the limits.
 *
 * @throws PocketLMError `INVALID_OPTIONS` for bad options or tools, `UNSUPPORTED_CONSTRAINT` for a schema the
 *   constraint engine cannot enforce.
 */
export async function createAgent(options: AgentOptions): Promise<Agent> {
  const invalid = (message: string, option: string) =>
    new PocketLMError('INVALID_OPTIONS', message, { details: { option } });
  if (typeof options?.model?.stream !== 'function') {
    throw invalid('createAgent needs a "model" (an Engine from createEngine()).', 'model');
  }
  if (!Array.isArray(options.tools)) throw invalid('"tools" must be an array of tools.', 'tools');
  for (const [name, value] of [
    ['maxSteps', options.maxSteps],
    ['toolTimeoutMs', options.toolTimeoutMs],
    ['maxToolResultTokens', options.maxToolResultTokens],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value <= 0)) {
      throw invalid(`"${name}" must be a positive integer, got ${JSON.stringify(value)}.`, name);
    }
  }
  const specs = await resolveTools(options.tools);
  // A fixed choice is checked now; a function's choices are checked at each step.
  if (options.toolChoice !== undefined && typeof options.toolChoice !== 'function' && specs.length > 0) {
    checkToolChoice(options.toolChoice, specs);
  }
  const confirming = options.tools.find((t) => t.requiresConfirmation);
  if (confirming && typeof options.onConfirm !== 'function') {
    throw invalid(
      `Tool "${confirming.name}" requires confirmation, so the agent needs an "onConfirm" callback.`,
      'onConfirm',
    );
  }
  const format: ToolCallFormat =
    options.format === undefined
      ? detectToolCallFormat(options.model.tokenizer)
      : typeof options.format === 'string'
        ? toolCallFormat(options.format)
        : options.format;
  return new Agent({ options, specs, format });
}
