import type { StructuralTag, StructuralTagFormat } from '@pocketlm/core';
import type { ToolSpec } from '../tools/tool.js';
import { callSchema } from './call-schema.js';
import { chooseTools, type ToolChoice } from './tool-choice.js';

/** What sets one format's constraint apart: the string that starts its calls and the structures they take. */
export interface CallTags {
  trigger: string;
  /** The structures for the tools the turn may call. */
  structures(tools: ToolSpec[]): StructuralTag[];
  /** The model ends its turn after one call (a template that renders one call per turn). */
  stopAfterFirst?: boolean;
}

/** The `structural_tag` response format for one assistant turn of a tool-call format under `choice`. */
export function callTagFormat(tools: ToolSpec[], choice: ToolChoice, tags: CallTags): StructuralTagFormat {
  const chosen = chooseTools(tools, choice);
  return {
    type: 'structural_tag',
    triggers: [tags.trigger],
    structures: tags.structures(chosen.tools),
    requireStructure: chosen.requireStructure,
    // Spaced as chat templates' `tojson` writes calls: the spelling the model was trained on.
    whitespace: 'spaced',
    ...(tags.stopAfterFirst ? { stopAfterFirst: true } : {}),
  };
}

/**
 * One structure per tool, each a single call object between `begin` and `end`: the name picks the arguments
 * schema without needing `oneOf`.
 */
export function structurePerTool(
  tools: ToolSpec[],
  wrap: { begin: string; end: string; argsKey: string },
): StructuralTag[] {
  return tools.map((t) => ({ begin: wrap.begin, schema: callSchema(t, wrap.argsKey), end: wrap.end }));
}
