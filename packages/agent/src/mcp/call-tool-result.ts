/** The shape of an MCP `tools/call` result, loosely typed: servers send content kinds newer than ours. */
export interface CallToolResultLike {
  content?: unknown;
  structuredContent?: unknown;
  isError?: boolean;
  /** Results from servers on the 2024-10-07 protocol. */
  toolResult?: unknown;
}

/**
 * The text an agent gives the model for a tool result: text blocks joined by newlines, other blocks as a short JSON
 * description (never their base64 payload, which would only fill the context). With no content blocks, the
 * structured content as JSON. An `isError` result throws, so the agent reports it as a failed call.
 */
export function callToolResultText(result: CallToolResultLike, toolName: string): string {
  const blocks = Array.isArray(result.content) ? result.content : [];
  let text = blocks.map(describeBlock).join('\n');
  if (blocks.length === 0) {
    if (result.structuredContent !== undefined) text = JSON.stringify(result.structuredContent);
    else if (result.toolResult !== undefined) text = stringify(result.toolResult);
  }
  if (result.isError) throw new Error(text.trim() === '' ? `The MCP tool "${toolName}" failed.` : text);
  return text;
}

function describeBlock(block: unknown): string {
  if (typeof block !== 'object' || block === null) return JSON.stringify(block) ?? '';
  const b = block as Record<string, unknown>;
  switch (b.type) {
    case 'text':
      return typeof b.text === 'string' ? b.text : '';
    case 'image':
    case 'audio':
      return JSON.stringify({ type: b.type, mimeType: b.mimeType, bytes: base64Bytes(b.data) });
    case 'resource': {
      const r = (b.resource ?? {}) as Record<string, unknown>;
      // An embedded text resource is content the model can read; a blob is described like an image.
      if (typeof r.text === 'string')
        return JSON.stringify({ type: 'resource', uri: r.uri, mimeType: r.mimeType, text: r.text });
      return JSON.stringify({
        type: 'resource',
        uri: r.uri,
        mimeType: r.mimeType,
        bytes: base64Bytes(r.blob),
      });
    }
    case 'resource_link':
      return JSON.stringify({ type: 'resource_link', uri: b.uri, name: b.name, mimeType: b.mimeType });
    default:
      return JSON.stringify({ type: b.type });
  }
}

/** Decoded size of a base64 payload, without decoding it. */
function base64Bytes(data: unknown): number | undefined {
  if (typeof data !== 'string') return undefined;
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return Math.floor((data.length * 3) / 4) - padding;
}

function stringify(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}
