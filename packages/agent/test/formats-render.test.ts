import { readFileSync } from 'node:fs';
import { type ChatMessage, HfTokenizer } from '@pocketlm/core';
import { buildTokenizer } from '@pocketlm/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { hermesFormat } from '../src/formats/hermes.js';
import { llama3JsonFormat } from '../src/formats/llama3-json.js';
import { mistralFormat } from '../src/formats/mistral.js';
import { mistralCallId } from '../src/formats/mistral-call-id.js';
import { resolveTools, toToolDefinitions } from '../src/tools/resolve-tools.js';
import type { ToolCall, ToolSpec } from '../src/tools/tool.js';
import { weatherTool } from './tool-fixtures.js';

// The tiny fixture's tokenizer (vocabulary 500) with real chat templates: rendering is what is under test.
const built = buildTokenizer({ vocabSize: 500 });
const template = (file: string) => readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8');
const withTemplate = (chatTemplate?: string) =>
  new HfTokenizer({
    tokenizerJson: built.tokenizerJson,
    tokenizerConfig: chatTemplate
      ? { ...built.tokenizerConfig, chat_template: chatTemplate }
      : built.tokenizerConfig,
  });

let specs: ToolSpec[];
beforeAll(async () => {
  specs = await resolveTools([weatherTool]);
});

const user: ChatMessage = { role: 'user', content: 'Weather in Zürich and Paris?' };
const calls: ToolCall[] = [
  { id: 'call_1', name: 'get_weather', arguments: { city: 'Zürich', unit: 'c' } },
  { id: 'call_2', name: 'get_weather', arguments: { city: 'Paris' } },
];
let n = 0;
const newId = () => `re_${++n}`;
const callsOf = (reply: { calls: ToolCall[] }) => reply.calls.map((c) => [c.name, c.arguments]);
const expected = calls.map((c) => [c.name, c.arguments]);

/** The text between `start` and the next `end` after it. */
function between(text: string, start: string, end: string): string {
  const from = text.indexOf(start);
  expect(from, `${start} in ${text}`).toBeGreaterThanOrEqual(0);
  return text.slice(from + start.length, text.indexOf(end, from + start.length));
}

describe('Qwen2.5 template with the hermes format', () => {
  const qwen = withTemplate(template('qwen2.5-chat-template.jinja'));

  it('is detected as rendering tools, and shows them as the system prompt teaches them', () => {
    expect(qwen.templateSupportsTools).toBe(true);
    const text = qwen.renderChat([user], {
      context: { tools: toToolDefinitions(specs) },
      addGenerationPrompt: true,
    });
    const taught = hermesFormat.systemPrompt(specs).split('\n\nEach result')[0];
    expect(text).toBe(
      '<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.\n\n' +
        `${taught}<|im_end|>\n<|im_start|>user\nWeather in Zürich and Paris?<|im_end|>\n<|im_start|>assistant\n`,
    );
  });

  it('renders native calls and results the way the model writes and reads them', () => {
    const messages = [
      user,
      hermesFormat.assistantMessage('Checking both.', calls, true),
      hermesFormat.toolResultMessage(calls[0], '{"temp": 3}', true),
      hermesFormat.toolResultMessage(calls[1], '{"temp": 21}', true),
    ];
    const text = qwen.renderChat(messages, { context: { tools: toToolDefinitions(specs) } });
    const turn = between(text, '<|im_start|>assistant\n', '<|im_end|>');
    expect(turn).toBe(
      'Checking both.\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Zürich", "unit": "c"}}\n' +
        '</tool_call>\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>',
    );
    expect(
      text.endsWith(
        '<|im_start|>user\n<tool_response>\n{"temp": 3}\n</tool_response>\n<tool_response>\n{"temp": 21}\n' +
          '</tool_response><|im_end|>\n',
      ),
    ).toBe(true);
    // What the template shows the model is what parse reads back.
    const reply = hermesFormat.parse(`${turn}<|im_end|>`, specs, newId);
    expect(callsOf(reply)).toEqual(expected);
    expect(reply.text).toBe('Checking both.');
    // Without template support, contents carry the same text.
    expect(hermesFormat.assistantMessage('Checking both.', calls, false).content).toBe(turn);
    expect(hermesFormat.toolResultMessage(calls[0], '{"temp": 3}', false).content).toBe(
      between(
        text.slice(text.lastIndexOf('<|im_start|>user\n')),
        '<|im_start|>user\n',
        '\n<tool_response>\n{"temp": 21}',
      ),
    );
  });

  it('renders a turn without calls as plain text', () => {
    const text = qwen.renderChat([user, hermesFormat.assistantMessage('Hello.', [], true)]);
    expect(text.endsWith('<|im_start|>assistant\nHello.<|im_end|>\n')).toBe(true);
  });

  it('renders non-native messages through a ChatML template that knows no tools', () => {
    const chatml = withTemplate();
    expect(chatml.templateSupportsTools).toBe(false);
    const text = chatml.renderChat([
      { role: 'system', content: hermesFormat.systemPrompt(specs) },
      user,
      hermesFormat.assistantMessage('', calls, false),
      hermesFormat.toolResultMessage(calls[0], 'cold', false),
    ]);
    const turn = between(text, '<|im_start|>assistant\n', '<|im_end|>');
    expect(callsOf(hermesFormat.parse(turn, specs, newId))).toEqual(expected);
    expect(text).toContain('<|im_start|>user\n<tool_response>\ncold\n</tool_response><|im_end|>');
  });
});

describe("Meta's Llama 3.2 template with the llama3-json format", () => {
  const llama = withTemplate(template('llama3.2-chat-template.jinja'));
  const context = () => ({ tools: toToolDefinitions(specs), date_string: '26 Jul 2024' });

  it('shows the tools as Meta writes them (indented JSON)', () => {
    const text = llama.renderChat([user], { context: context(), addGenerationPrompt: true });
    expect(text).toContain(`${JSON.stringify(toToolDefinitions(specs)[0], null, 4)}\n\n`);
    expect(text).toContain(
      'Respond in the format {"name": function name, "parameters": dictionary of argument name and its value}.',
    );
  });

  it('renders one native call and its ipython result; parse reads the call back', () => {
    const text = llama.renderChat(
      [
        user,
        llama3JsonFormat.assistantMessage('', [calls[0]], true),
        llama3JsonFormat.toolResultMessage(calls[0], '{"temp": 3}', true),
        llama3JsonFormat.assistantMessage('It is 3 °C.', [], true),
      ],
      { context: context() },
    );
    const turn = between(text, '<|start_header_id|>assistant<|end_header_id|>\n\n', '<|eot_id|>');
    expect(turn).toBe('{"name": "get_weather", "parameters": {"city": "Zürich", "unit": "c"}}');
    expect(callsOf(llama3JsonFormat.parse(`${turn}<|eot_id|>`, specs, newId))).toEqual([expected[0]]);
    expect(llama3JsonFormat.assistantMessage('', [calls[0]], false).content).toBe(turn);
    expect(text).toContain('<|start_header_id|>ipython<|end_header_id|>\n\n');
    expect(text).toContain('<|start_header_id|>assistant<|end_header_id|>\n\nIt is 3 °C.<|eot_id|>');
  });

  it('renders two calls in one turn (which the template refuses as tool_calls) as text', () => {
    const text = llama.renderChat([user, llama3JsonFormat.assistantMessage('', calls, true)], {
      context: context(),
    });
    const turn = between(text, '<|start_header_id|>assistant<|end_header_id|>\n\n', '<|eot_id|>');
    expect(callsOf(llama3JsonFormat.parse(turn, specs, newId))).toEqual(expected);
  });
});

describe("Mistral Nemo's template with the mistral format", () => {
  const nemo = withTemplate(template('mistral-nemo-chat-template.jinja'));

  it('renders native calls and results with ids the template accepts; parse reads the calls back', () => {
    const text = nemo.renderChat(
      [
        user,
        mistralFormat.assistantMessage('', calls, true),
        mistralFormat.toolResultMessage(calls[0], '{"temp": 3}', true),
        mistralFormat.toolResultMessage(calls[1], '{"temp": 21}', true),
      ],
      { context: { tools: toToolDefinitions(specs) } },
    );
    const [id1, id2] = calls.map((c) => mistralCallId(c.id));
    expect(text).toContain(
      `[TOOL_CALLS][{"name": "get_weather", "arguments": {"city": "Zürich", "unit": "c"}, "id": "${id1}"}, ` +
        `{"name": "get_weather", "arguments": {"city": "Paris"}, "id": "${id2}"}]<|im_end|>`,
    );
    expect(text).toContain(`[TOOL_RESULTS]{"content": {"temp": 3}, "call_id": "${id1}"}[/TOOL_RESULTS]`);
    const turn = text.slice(text.indexOf('[TOOL_CALLS]'), text.indexOf('[TOOL_RESULTS]'));
    expect(callsOf(mistralFormat.parse(turn, specs, newId))).toEqual(expected);
  });
});
