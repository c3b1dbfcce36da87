import { PocketLMError } from '@pocketlm/core';
import type { ToolSpec } from '../tools/tool.js';

/** Which calls one assistant turn may make: free text or calls (`auto`), calls only, or calls of one tool. */
export type ToolChoice = 'auto' | 'required' | { name: string };

/** The tools a turn may call under `choice`, and whether the turn must consist of calls only. */
export function chooseTools(
  tools: readonly ToolSpec[],
  choice: ToolChoice,
): { tools: ToolSpec[]; requireStructure: boolean } {
  if (tools.length === 0) {
    throw new PocketLMError('INVALID_OPTIONS', 'A tool-call response format needs at least one tool.', {
      details: { option: 'tools' },
    });
  }
  if (choice === 'auto') return { tools: [...tools], requireStructure: false };
  if (choice === 'required') return { tools: [...tools], requireStructure: true };
  const tool = tools.find((t) => t.name === choice?.name);
  if (!tool) {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      `"toolChoice" names ${JSON.stringify(choice?.name)}, which is not one of the tools ` +
        `(${tools.map((t) => t.name).join(', ')}).`,
      { details: { option: 'toolChoice', tool: choice?.name } },
    );
  }
  return { tools: [tool], requireStructure: true };
}
