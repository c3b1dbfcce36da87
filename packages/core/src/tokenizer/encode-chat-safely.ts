import { PocketLMError } from '../errors/pocketlm-error.js';
import { SPECIAL_TOKEN_VARIABLES } from './chat-template.js';
import { mapStrings } from './map-strings.js';
import type { ChatMessage } from './tokenizer.js';
import { writtenForms } from './written-forms.js';

/** What {@link encodeChatSafely} needs from a tokenizer. */
export interface ChatEncodingParts {
  /** Renders the chat template to text, with `context` as the extra template variables. */
  render(messages: ChatMessage[], context: Record<string, unknown>): string;
  /** Encodes template text: special-token strings become control tokens. */
  encodeTemplate(text: string): number[];
  /** Encodes message contents: everything is ordinary text. */
  encodePlain(text: string): number[];
  /** Whether the text holds any special-token string. */
  containsSpecialToken(text: string): boolean;
}

/** A risky string outside a message's content: its text and where it sits, for errors. */
interface Field {
  text: string;
  path: string;
}

/** The rendered text cut at the sentinels: template text, a message's content, or a field. */
type Segment = { template: string } | { content: number } | { field: number };

/**
 * Renders and encodes a conversation so control tokens can only come from the template, never from a message or
 * from the template variables (`tools`, `documents`, …).
 *
 * When no string anywhere holds a special-token string, nothing can inject anything: the conversation is rendered
 * and encoded together with the template exactly as `transformers`' `apply_chat_template` does.
 *
 * A message content that holds one is rendered as a unique sentinel; the output is split on the sentinels, the
 * template pieces are encoded with special-token parsing and the contents as plain text. Such a content reaches the
 * template only as that sentinel, so a template that rewrites contents (trimming, say) leaves it as written.
 *
 * Any other risky string (a tool call's name, id or arguments, keys included; a message's `name`, `tool_call_id`
 * or role; any string in the context) is rendered as an ASCII sentinel too, which `tojson` leaves as it is. Each
 * occurrence is encoded as plain text in the form the template wrote the real value: raw, or JSON-escaped inside a
 * `tojson` string. That form is read off a second rendering with the real values, which the pieces must rebuild
 * exactly; a template that transforms such a value gets `INVALID_OPTIONS` naming the field, since encoding its
 * output would need special-token parsing of untrusted text.
 */
export function encodeChatSafely(
  messages: ChatMessage[],
  context: Record<string, unknown>,
  parts: ChatEncodingParts,
): number[] {
  const strings: string[] = [];
  const collect = (text: string) => {
    strings.push(text);
    return text;
  };
  mapStrings(messages, '', collect);
  mapContext(context, collect);
  if (!strings.some((text) => parts.containsSpecialToken(text))) {
    return parts.encodeTemplate(parts.render(messages, context));
  }

  // A nonce no input string contains, so a sentinel can never collide with real text.
  let nonce = 0;
  while (strings.some((text) => text.includes(`plm${nonce}`))) nonce++;
  const marker = `plm${nonce}`;

  const withContents = messages.map((m, i) =>
    typeof m.content === 'string' && parts.containsSpecialToken(m.content)
      ? { ...m, content: `\uE000${marker}:${i}\uE001` }
      : m,
  );
  const fields: Field[] = [];
  const mask = (text: string, path: string) => {
    if (!parts.containsSpecialToken(text)) return text;
    fields.push({ text, path });
    return `${marker}f${fields.length - 1}x`;
  };
  const masked = withContents.map((m, i) => mapStrings(m, `messages[${i}]`, mask) as ChatMessage);
  const maskedContext = mapContext(context, mask);

  // Rendered first, so the template's own errors about the real values surface as they are.
  const real = fields.length > 0 ? parts.render(withContents, context) : undefined;
  let skeleton: string;
  try {
    skeleton = parts.render(masked, maskedContext);
  } catch (error) {
    if (real === undefined) throw error;
    throw rewritten(fields, error);
  }

  const fieldPattern = fields.length > 0 ? `|${marker}f(\\d+)x` : '';
  const segments = split(skeleton, new RegExp(`\uE000${marker}:(\\d+)\uE001${fieldPattern}`, 'g'));
  const ids: number[] = [];
  let at = 0; // How much of `real` the segments so far rebuilt.
  segments.forEach((segment, i) => {
    if ('template' in segment) {
      if (real !== undefined && !real.startsWith(segment.template, at)) throw rewritten(fields);
      at += segment.template.length;
      ids.push(...parts.encodeTemplate(segment.template));
    } else if ('content' in segment) {
      const content = messages[segment.content].content;
      const sentinel = `\uE000${marker}:${segment.content}\uE001`;
      if (real !== undefined && !real.startsWith(sentinel, at)) throw rewritten(fields);
      at += sentinel.length;
      if (content.length > 0) ids.push(...parts.encodePlain(content));
    } else {
      const field = fields[segment.field];
      const next = segments[i + 1];
      const after = next !== undefined && 'template' in next ? next.template : '';
      // The form the template wrote: the one the real rendering holds here, followed by the next template text.
      const form =
        real === undefined || field === undefined
          ? undefined
          : writtenForms(field.text).find(
              (f) => real.startsWith(f, at) && real.startsWith(after, at + f.length),
            );
      if (form === undefined) throw rewritten(field ? [field] : fields);
      at += form.length;
      if (form.length > 0) ids.push(...parts.encodePlain(form));
    }
  });
  if (real !== undefined && at !== real.length) throw rewritten(fields);
  return ids;
}

/** Maps the strings of every context variable except the special-token strings the template is given. */
function mapContext(
  context: Record<string, unknown>,
  map: (text: string, path: string) => string,
): Record<string, unknown> {
  let changed = false;
  const entries = Object.entries(context).map(([name, value]) => {
    if ((SPECIAL_TOKEN_VARIABLES as readonly string[]).includes(name)) return [name, value] as const;
    const mapped = mapStrings(value, name, map);
    if (mapped !== value) changed = true;
    return [name, mapped] as const;
  });
  return changed ? Object.fromEntries(entries) : context;
}

/** Cuts `text` at the matches of `pattern`, whose first group is a content's index and second a field's. */
function split(text: string, pattern: RegExp): Segment[] {
  const segments: Segment[] = [];
  let cursor = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > cursor) segments.push({ template: text.slice(cursor, match.index) });
    segments.push(match[1] !== undefined ? { content: Number(match[1]) } : { field: Number(match[2]) });
    cursor = match.index + match[0].length;
  }
  if (cursor < text.length) segments.push({ template: text.slice(cursor) });
  return segments;
}

function rewritten(fields: Field[], cause?: unknown): PocketLMError {
  const paths = fields.map((f) => f.path);
  return new PocketLMError(
    'INVALID_OPTIONS',
    `The chat template transforms ${paths.join(', ')} while rendering it, and that text holds a special-token ` +
      'string, so it cannot be encoded as plain text. Remove the special-token text from it.',
    { cause, details: { fields: paths } },
  );
}
