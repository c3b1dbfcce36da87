import { type ReplyBuilder, stripEndTokens } from './read-call.js';
import type { ParsedReply } from './tool-call-format.js';

/**
 * Reads a reply whose calls each start at `marker` (Hermes' `<tool_call>`, Mistral's `[TOOL_CALLS]`): the text
 * around them is kept, and `readAt` reads what follows the marker at `at`, returning where the text after it
 * starts (always past the marker, so the scan moves on).
 */
export function parseMarkedReply(
  output: string,
  marker: string,
  reply: ReplyBuilder,
  readAt: (text: string, at: number, reply: ReplyBuilder) => number,
): ParsedReply {
  const text = stripEndTokens(output);
  let pos = 0;
  for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, pos)) {
    reply.text(text.slice(pos, at));
    pos = readAt(text, at, reply);
  }
  reply.text(text.slice(pos));
  return reply.build();
}
