/**
 * The text of a special token as `tokenizer_config.json` writes it: either a plain string or a serialized
 * `AddedToken` (`{ "__type": "AddedToken", "content": "<s>", … }`), as older configs do.
 */
export function tokenContent(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { content?: unknown }).content === 'string'
  ) {
    return (value as { content: string }).content;
  }
  return undefined;
}
