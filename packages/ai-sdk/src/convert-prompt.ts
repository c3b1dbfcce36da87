import type {
  LanguageModelV3FilePart,
  LanguageModelV3Prompt,
  LanguageModelV3ToolResultOutput,
  SharedV3Warning,
} from '@ai-sdk/provider';
import { type ChatMessage, type ChatToolCall, PocketLMError } from '@pocketlm/core';

/**
 * The AI SDK's prompt as the chat messages PocketLM's templates read: system/user/assistant text, assistant tool
 * calls as OpenAI-shaped `tool_calls`, tool results as `tool` messages with `tool_call_id` and `name`.
 * `@pocketlm/agent`'s `toolStepMessages` then writes calls and results in the model's own tool-call format.
 *
 * Text files (`text/*`) are read into the message; parts a text model cannot use are refused or reported as
 * warnings, never dropped silently.
 *
 * @throws PocketLMError `INVALID_OPTIONS` for a file part that is not text (images, audio, PDFs): a text model
 *   would answer as if it had seen it.
 */
export function convertPrompt(prompt: LanguageModelV3Prompt, warnings: SharedV3Warning[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const message of prompt) {
    switch (message.role) {
      case 'system':
        messages.push({ role: 'system', content: message.content });
        break;
      case 'user': {
        const text = message.content.map((part) => (part.type === 'text' ? part.text : fileText(part)));
        messages.push({ role: 'user', content: text.join('') });
        break;
      }
      case 'assistant': {
        let content = '';
        const calls: ChatToolCall[] = [];
        for (const part of message.content) {
          if (part.type === 'text') content += part.text;
          else if (part.type === 'tool-call') {
            calls.push({
              id: part.toolCallId,
              type: 'function',
              function: { name: part.toolName, arguments: argumentsObject(part.input) },
            });
          } else if (part.type === 'file') content += fileText(part);
          else {
            // Reasoning from another provider's model, or results of tools that provider ran itself.
            warnings.push({
              type: 'other',
              message: `An assistant "${part.type}" part was left out of the prompt: PocketLM models read text and tool calls.`,
            });
          }
        }
        messages.push({ role: 'assistant', content, ...(calls.length > 0 ? { tool_calls: calls } : {}) });
        break;
      }
      case 'tool':
        for (const part of message.content) {
          if (part.type !== 'tool-result') {
            warnings.push({
              type: 'other',
              message: `A tool "${part.type}" part was left out: PocketLM runs no provider-executed tools.`,
            });
            continue;
          }
          messages.push({
            role: 'tool',
            content: toolOutputText(part.output, warnings),
            tool_call_id: part.toolCallId,
            name: part.toolName,
          });
        }
        break;
    }
  }
  return messages;
}

/** A text file's contents; anything else is refused. */
function fileText(part: LanguageModelV3FilePart): string {
  if (part.mediaType.startsWith('text/') && !(part.data instanceof URL)) {
    return typeof part.data === 'string' ? decodeBase64(part.data) : new TextDecoder().decode(part.data);
  }
  throw new PocketLMError(
    'INVALID_OPTIONS',
    `A "${part.mediaType}" file part cannot be read by a text-only PocketLM model: pass text, or a text/* file ` +
      'with its contents inline.',
    { details: { option: 'prompt', part: 'file', mediaType: part.mediaType } },
  );
}

function decodeBase64(data: string): string {
  const binary = atob(data);
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** Chat templates render `arguments` with `tojson`, so they must be an object. */
function argumentsObject(input: unknown): Record<string, unknown> {
  let value = input;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return { input: value };
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : { input: value };
}

/** A tool result as the text the model reads. */
function toolOutputText(output: LanguageModelV3ToolResultOutput, warnings: SharedV3Warning[]): string {
  switch (output.type) {
    case 'text':
    case 'error-text':
      return output.value;
    case 'json':
    case 'error-json':
      return JSON.stringify(output.value);
    case 'execution-denied':
      return `The user did not allow this call${output.reason ? `: ${output.reason}` : '.'}`;
    case 'content':
      return output.value
        .map((item) => {
          if (item.type === 'text') return item.text;
          warnings.push({
            type: 'other',
            message: `A "${item.type}" item of a tool result was left out: PocketLM models read text.`,
          });
          return '';
        })
        .join('');
  }
}
