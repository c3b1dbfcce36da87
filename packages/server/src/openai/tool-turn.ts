import type { GenerateRequest, TextGenerator } from '@pocketlm/core';
import { HttpError } from '../http/http-error.js';
import type { OpenAITool, OpenAIToolChoice } from './chat-request-schema.js';
import type { TurnEvent } from './turn-events.js';

export interface ToolTurnOptions {
  tools: OpenAITool[];
  choice: Exclude<OpenAIToolChoice, 'none'>;
  parallel: boolean;
}

// biome-ignore lint/correctness/useYield: placeholder until tool calls land
export async function* toolTurn(
  _g: TextGenerator,
  _r: GenerateRequest,
  _o: ToolTurnOptions,
): AsyncGenerator<TurnEvent> {
  throw new HttpError(400, 'Tool calls are not supported yet.', { code: 'INVALID_OPTIONS', param: 'tools' });
}
