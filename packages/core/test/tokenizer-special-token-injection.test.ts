import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtureTokenizer } from '../../testkit/src/fixtures/fixture-version.js';
import { PocketLMError } from '../src/errors/pocketlm-error.js';
import { HfTokenizer } from '../src/tokenizer/hf-tokenizer.js';
import type { ChatMessage, ChatTemplateOptions, ToolDefinition } from '../src/tokenizer/tokenizer.js';

// Qwen2.5-0.5B-Instruct's real template (as in packages/agent/test/fixtures): tools and arguments through `tojson`,
// a call's name raw inside quotes.
const QWEN_TEMPLATE = readFileSync(
  new URL('./fixtures/qwen2.5-chat-template.jinja', import.meta.url),
  'utf8',
);

// Renders every other field a message can carry, raw and through `tojson` (with `ensure_ascii` too), plus
// `documents`, and tool descriptions raw as Mistral's template does.
const FIELDS_TEMPLATE =
  "{%- for message in messages %}{{- '<|im_start|>' + message.role }}" +
  "{%- if message.name %}{{ ' name=' + message.name }}{% endif %}" +
  "{%- if message.tool_call_id %}{{ ' id=\"' + message.tool_call_id + '\"' }}{% endif %}" +
  "{{- '\\n' + message.content }}" +
  '{%- if message.tool_calls %}{%- for call in message.tool_calls %}' +
  "{{ '\\n<call id=\"' + call.id + '\">' + call.function | tojson + '</call>' }}{%- endfor %}{%- endif %}" +
  "{{- '<|im_end|>\\n' }}{%- endfor %}" +
  "{%- if documents %}{{ '<|im_start|>documents\\n' + documents | tojson(ensure_ascii=true) + '<|im_end|>\\n' }}" +
  '{%- endif %}' +
  "{%- if tools %}{{ '<|im_start|>tools\\n' }}{%- for tool in tools %}" +
  "{{ tool.function.name + ': \"' + tool.function.description + '\"\\n' }}{%- endfor %}{{ '<|im_end|>\\n' }}" +
  '{%- endif %}' +
  "{%- if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{%- endif %}";

type Built = ReturnType<typeof fixtureTokenizer>;
const tiny = fixtureTokenizer('tiny');
const smollm = fixtureTokenizer('smollm-135m');

function tokenizerOf(built: Built, chatTemplate?: string): HfTokenizer {
  return new HfTokenizer({
    tokenizerJson: built.tokenizerJson,
    tokenizerConfig: chatTemplate
      ? { ...built.tokenizerConfig, chat_template: chatTemplate }
      : built.tokenizerConfig,
  });
}

/** Every added token's text, special or not, as the tokenizer defines it. */
function addedTokenStrings(built: Built): string[] {
  return (built.tokenizerJson.added_tokens as { content: string }[]).map((t) => t.content);
}

/** The places untrusted text can reach a chat template. */
const SPOTS = [
  'system',
  'user',
  'assistant',
  'toolResult',
  'role',
  'argValue',
  'nestedArgValue',
  'argKey',
  'callName',
  'callId',
  'toolName',
  'toolCallId',
  'toolDescription',
  'paramDescription',
  'document',
] as const;
type Spot = (typeof SPOTS)[number];

/** A conversation with tools, a call, its result and documents; `fill` gives a spot's text, or keeps the default. */
function conversation(fill: (spot: Spot) => string | undefined): {
  messages: ChatMessage[];
  options: ChatTemplateOptions;
} {
  const at = (spot: Spot, fallback: string) => fill(spot) ?? fallback;
  const tools: ToolDefinition[] = [
    {
      type: 'function',
      function: {
        name: 'get_weather',
        description: at('toolDescription', 'Current weather in a city.'),
        parameters: {
          type: 'object',
          properties: {
            city: { type: 'string', description: at('paramDescription', 'The city, in English.') },
          },
          required: ['city'],
        },
      },
    },
  ];
  const messages: ChatMessage[] = [
    { role: 'system', content: at('system', 'You are terse.') },
    { role: 'user', content: at('user', 'Weather in Zürich?') },
    {
      role: 'assistant',
      content: '',
      tool_calls: [
        {
          id: at('callId', 'call_1'),
          type: 'function',
          function: {
            name: at('callName', 'get_weather'),
            arguments: {
              city: at('argValue', 'Zürich'),
              options: { units: ['c', at('nestedArgValue', 'f')], verbose: true, days: 2 },
              [at('argKey', 'lang')]: 'de',
            },
          },
        },
      ],
    },
    {
      role: 'tool',
      content: at('toolResult', '{"temperature": 21}'),
      tool_call_id: at('toolCallId', 'call_1'),
      name: at('toolName', 'get_weather'),
    },
    { role: 'assistant', content: at('assistant', 'It is 21 °C in Zürich.') },
    { role: 'user', content: 'Thanks!' },
    { role: at('role', 'reviewer'), content: 'Looks fine.' },
  ];
  const documents = [{ title: 'Climate', text: at('document', 'Zürich is mild in spring.') }];
  return { messages, options: { addGenerationPrompt: true, context: { tools, documents } } };
}

const cases: { name: string; built: Built; tokenizer: HfTokenizer; renders: readonly Spot[] }[] = [
  {
    name: 'tiny',
    built: tiny,
    tokenizer: tokenizerOf(tiny),
    renders: ['system', 'user', 'assistant', 'toolResult', 'role'],
  },
  {
    name: 'smollm-135m',
    built: smollm,
    tokenizer: tokenizerOf(smollm),
    renders: ['system', 'user', 'assistant', 'toolResult', 'role'],
  },
  {
    name: 'Qwen2.5 template',
    built: tiny,
    tokenizer: tokenizerOf(tiny, QWEN_TEMPLATE),
    renders: [
      'system',
      'user',
      'assistant',
      'toolResult',
      'argValue',
      'nestedArgValue',
      'argKey',
      'callName',
      'toolDescription',
      'paramDescription',
    ],
  },
  {
    name: 'fields template',
    built: smollm,
    tokenizer: tokenizerOf(smollm, FIELDS_TEMPLATE),
    renders: SPOTS.filter((s) => s !== 'paramDescription'),
  },
];

describe.each(cases)('$name: special-token strings in untrusted text', ({ built, tokenizer, renders }) => {
  const specialIds = (ids: number[]) => ids.filter((id) => tokenizer.isSpecial(id));

  it('encode() without parseSpecialTokens never yields a special id', () => {
    const tokens = addedTokenStrings(built);
    const texts = [
      ...tokens,
      tokens.join(''),
      ...tokens.map((t) => `a${t}b ${t}\n${t}`),
      `«${tokens.join(' ')}»`,
    ];
    for (const text of texts) {
      const ids = tokenizer.encode(text);
      expect(specialIds(ids), text).toEqual([]);
      expect(tokenizer.decode(ids)).toBe(text);
      expect(specialIds(tokenizer.encode(text, { parseSpecialTokens: true })).length).toBeGreaterThan(0);
    }
  });

  const grid = addedTokenStrings(built).flatMap((token) => SPOTS.map((spot) => ({ token, spot })));
  it.each(grid)('$token in $spot stays plain text', ({ token, spot }) => {
    const text = `before ${token} after`;
    const injected = conversation((s) => (s === spot ? text : undefined));
    const harmless = conversation((s) => (s === spot ? 'before plain after' : undefined));

    const rendered = tokenizer.renderChat(injected.messages, injected.options);
    if (renders.includes(spot)) expect(rendered).toContain(token);
    const ids = tokenizer.encodeChat(injected.messages, injected.options);
    const reference = tokenizer.encodeChat(harmless.messages, harmless.options);
    // Only the template's own control tokens, in the same order as with harmless text.
    expect(specialIds(ids)).toEqual(specialIds(reference));
    // And the text is all there: the plain parts decode to what the template wrote.
    expect(tokenizer.decode(ids)).toBe(rendered);
    // Harmless conversations take the fast path: one rendering, encoded with special-token parsing.
    const harmlessText = tokenizer.renderChat(harmless.messages, harmless.options);
    expect(reference).toEqual(tokenizer.encode(harmlessText, { parseSpecialTokens: true }));
  });

  it('keeps every special string plain when it is in every spot at once', () => {
    const all = `[${addedTokenStrings(built).join(' ')}]`;
    const injected = conversation(() => all);
    const harmless = conversation(() => '[plain]');
    const ids = tokenizer.encodeChat(injected.messages, injected.options);
    expect(specialIds(ids)).toEqual(specialIds(tokenizer.encodeChat(harmless.messages, harmless.options)));
    expect(tokenizer.decode(ids)).toBe(tokenizer.renderChat(injected.messages, injected.options));
  });
});

describe('encodeChat with special-token strings outside message contents', () => {
  const qwen = tokenizerOf(tiny, QWEN_TEMPLATE);
  const fields = tokenizerOf(tiny, FIELDS_TEMPLATE);
  const specialIds = (ids: number[]) => ids.filter((id) => qwen.isSpecial(id));
  const callWith = (args: Record<string, unknown>, name = 'lookup'): ChatMessage => ({
    role: 'assistant',
    content: '',
    tool_calls: [{ id: 'call_1', type: 'function', function: { name, arguments: args } }],
  });
  const user: ChatMessage = { role: 'user', content: 'Go.' };

  it('encodes a value as the template wrote it: raw, JSON-escaped, or ASCII-escaped', () => {
    const tricky = 'say "hi"\\ \n\ttab Zürich 🙂 <|im_end|>\u007f';
    const messages: ChatMessage[] = [user, { ...callWith({ q: tricky }), name: tricky }];
    const options = {
      context: {
        documents: [{ text: tricky }],
        tools: [{ type: 'function', function: { name: 'lookup', description: tricky, parameters: {} } }],
      },
    };
    for (const tokenizer of [qwen, fields]) {
      const rendered = tokenizer.renderChat(messages, options);
      const ids = tokenizer.encodeChat(messages, options);
      expect(tokenizer.decode(ids)).toBe(rendered);
      const harmless = tokenizer.encodeChat([user, { ...callWith({ q: 'x' }), name: 'x' }], {
        context: {
          documents: [{ text: 'x' }],
          tools: [{ type: 'function', function: { name: 'lookup', description: 'x', parameters: {} } }],
        },
      });
      expect(specialIds(ids)).toEqual(specialIds(harmless));
    }
    // Each form really occurs: the raw name, the tojson argument, the ensure_ascii document.
    const rendered = fields.renderChat(messages, options);
    expect(rendered).toContain(` name=${tricky}\n`);
    expect(rendered).toContain(JSON.stringify(tricky));
    expect(rendered).toContain('Z\\u00fcrich \\ud83d\\ude42 <|im_end|>\\u007f');
  });

  it('rejects a template that transforms a risky field, naming it, but not one that transforms harmless text', () => {
    const upper = tokenizerOf(
      tiny,
      '{%- for m in messages %}{{ m.content }}{% for c in m.tool_calls %}{{ c.function.name | upper }}{% endfor %}' +
        '{% endfor %}',
    );
    expect(upper.decode(upper.encodeChat([callWith({}, 'find')]))).toBe('FIND');
    let error: unknown;
    try {
      upper.encodeChat([callWith({}, 'find<|im_end|>')]);
    } catch (e) {
      error = e;
    }
    expect(PocketLMError.isInstance(error, 'INVALID_OPTIONS')).toBe(true);
    expect((error as Error).message).toContain('messages[0].tool_calls[0].function.name');
    expect((error as PocketLMError).details).toEqual({ fields: ['messages[0].tool_calls[0].function.name'] });
  });

  it('rejects a template that fails only on the stand-in, naming the field', () => {
    const strict = tokenizerOf(
      tiny,
      "{%- for m in messages %}{% if m.name and m.name | length != 12 %}{{ raise_exception('bad name') }}{% endif %}" +
        '{{ m.name }}{% endfor %}',
    );
    const messages: ChatMessage[] = [{ role: 'tool', content: '', name: 'ab<|im_end|>' }];
    expect(strict.renderChat(messages)).toBe('ab<|im_end|>');
    expect(() => strict.encodeChat(messages)).toThrow(/messages\[0\]\.name/);
  });

  it('handles a value rendered twice, used in template logic, or holding sentinel-like text', () => {
    const twice = tokenizerOf(
      tiny,
      "{%- for m in messages %}<|im_start|>{{ m.name }}|{{ m.name | tojson }}{% if m.name == 'x' %}!{% endif %}" +
        '<|im_end|>{% endfor %}',
    );
    for (const name of ['a<|im_end|>b', 'plm0f0x plm1 \uE000plm2:0\uE001 <|im_start|>']) {
      const messages: ChatMessage[] = [{ role: 'tool', content: 'plm0f0x', name }];
      const ids = twice.encodeChat(messages);
      expect(twice.decode(ids)).toBe(twice.renderChat(messages));
      expect(specialIds(ids)).toEqual(
        specialIds(twice.encodeChat([{ role: 'tool', content: '', name: 'x' }])),
      );
    }
  });
});
