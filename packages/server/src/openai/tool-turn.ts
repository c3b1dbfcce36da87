import { streamToolStep, type ToolStepChoice } from '@pocketlm/agent';
import type { GenerateRequest, TextGenerator } from '@pocketlm/core';
import type { OpenAITool, OpenAIToolChoice } from './chat-request-schema.js';
import { toFinishReason } from './finish-reason.js';
import type { TurnEvent } from './turn-events.js';

export interface ToolTurnOptions {
  tools: OpenAITool[];
  choice: OpenAIToolChoice;
  parallel: boolean;
}

/**
 * A turn that may call tools, through `@pocketlm/agent`'s single step: the model's own tool-call format (Hermes,
 * Llama 3 JSON, Mistral) constrains the reply so every call's arguments validate against the tool's
 * `parameters`; prose streams as it comes and each call is reported once it has parsed.
 */
export async function* toolTurn(
  generator: TextGenerator,
  request: GenerateRequest,
  options: ToolTurnOptions,
): AsyncGenerator<TurnEvent> {
  const tools = options.tools.map((t) => ({
    name: t.function.name,
    description: t.function.description ?? '',
    // A tool without parameters takes an empty object, as OpenAI treats it.
    parameters: t.function.parameters ?? { type: 'object', properties: {} },
  }));
  const events = streamToolStep(generator, request, {
    tools,
    toolChoice: toStepChoice(options.choice),
    parallelToolCalls: options.parallel,
  });
  for await (const event of events) {
    if (event.type === 'text-delta' && event.text !== '') yield { type: 'text', text: event.text };
    else if (event.type === 'tool-call') {
      yield {
        type: 'tool-call',
        call: { id: event.call.id, name: event.call.name, arguments: event.argumentsText },
      };
    } else if (event.type === 'finish') {
      const finishReason =
        event.finishReason === 'tool-calls' ? 'tool_calls' : toFinishReason(event.finishReason);
      yield { type: 'finish', finishReason, usage: event.usage };
    }
  }
}

function toStepChoice(choice: OpenAIToolChoice): ToolStepChoice {
  return typeof choice === 'string' ? choice : { name: choice.function.name };
}
