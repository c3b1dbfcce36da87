import type { ChatMessage } from './tokenizer.js';

/** What {@link encodeChatSafely} needs from a tokenizer. */
export interface ChatEncodingParts {
  /** Renders the chat template to text. */
  render(messages: ChatMessage[]): string;
  /** Encodes template text: special-token strings become control tokens. */
  encodeTemplate(text: string): number[];
  /** Encodes message contents: everything is ordinary text. */
  encodePlain(text: string): number[];
  /** Whether the text holds any special-token string. */
  containsSpecialToken(text: string): boolean;
}

/**
 * Renders and encodes a conversation so control tokens can only come from the template, never from a message.
 *
 * Messages that hold no special-token string cannot inject anything, so they are rendered and encoded together
 * with the template exactly as `transformers`' `apply_chat_template` does. A message that does hold one is rendered
 * as a unique sentinel; the output is split on the sentinels, the template pieces are encoded with special-token
 * parsing and the message contents as plain text. Such a message's content reaches the template only as that
 * sentinel, so a template that rewrites contents (trimming, say) leaves it as written.
 */
export function encodeChatSafely(messages: ChatMessage[], parts: ChatEncodingParts): number[] {
  const risky = new Set<number>();
  messages.forEach((m, i) => {
    if (typeof m.content === 'string' && parts.containsSpecialToken(m.content)) risky.add(i);
  });
  if (risky.size === 0) return parts.encodeTemplate(parts.render(messages));

  // Private-use delimiters plus a nonce no message contains, so a sentinel can never collide with real text.
  let nonce = 0;
  while (messages.some((m) => typeof m.content === 'string' && m.content.includes(`\uE000plm${nonce}:`)))
    nonce++;
  const sentinel = (i: number) => `\uE000plm${nonce}:${i}\uE001`;
  const rendered = parts.render(messages.map((m, i) => (risky.has(i) ? { ...m, content: sentinel(i) } : m)));

  const pattern = new RegExp(`\uE000plm${nonce}:(\\d+)\uE001`, 'g');
  const ids: number[] = [];
  let cursor = 0;
  for (const match of rendered.matchAll(pattern)) {
    if (match.index > cursor) ids.push(...parts.encodeTemplate(rendered.slice(cursor, match.index)));
    const content = messages[Number(match[1])].content;
    if (content.length > 0) ids.push(...parts.encodePlain(content));
    cursor = match.index + match[0].length;
  }
  if (cursor < rendered.length) ids.push(...parts.encodeTemplate(rendered.slice(cursor)));
  return ids;
}
