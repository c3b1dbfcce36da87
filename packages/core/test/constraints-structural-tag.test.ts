import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { fixtureSpecs } from '../../testkit/src/fixtures/fixture-specs.js';
import { fixtureTokenizer } from '../../testkit/src/fixtures/fixture-version.js';
import { mulberry32, randomInt } from '../../testkit/src/tokenizer/mulberry32.js';
import { createConstraintFactory } from '../src/constraints/create-constraint-factory.js';
import type { LogitsConstraint } from '../src/constraints/logits-constraint.js';
import type { StructuralTagFormat } from '../src/constraints/response-format.js';
import { validateResponseFormat } from '../src/constraints/response-format.js';
import { StructuralTagConstraint } from '../src/constraints/structural-tag/structural-tag-constraint.js';
import { StructuralTagMasker } from '../src/constraints/structural-tag/structural-tag-masker.js';
import { TokenVocabulary } from '../src/constraints/token-mask/token-vocabulary.js';
import { PocketLMError } from '../src/errors/pocketlm-error.js';
import { HfTokenizer } from '../src/tokenizer/hf-tokenizer.js';

const ARGS = {
  type: 'object',
  properties: {
    city: { type: 'string', minLength: 1, maxLength: 12 },
    days: { type: 'integer', minimum: 1, maximum: 7 },
  },
  required: ['city', 'days'],
  additionalProperties: false,
};

/** A Hermes-style tool call: `<tool_call>\n{"name": …, "arguments": …}\n</tool_call>`. */
function hermes(names: string[], extra: Partial<StructuralTagFormat> = {}): StructuralTagFormat {
  return {
    type: 'structural_tag',
    triggers: ['<tool_call>'],
    structures: names.map((name) => ({
      begin: '<tool_call>\n',
      schema: {
        type: 'object',
        properties: { name: { const: name }, arguments: ARGS },
        required: ['name', 'arguments'],
        additionalProperties: false,
      },
      end: '\n</tool_call>',
    })),
    whitespace: 'spaced',
    ...extra,
  };
}

const allowed = (c: LogitsConstraint, width: number, id: number) => {
  const logits = new Float32Array(width);
  c.mask(logits);
  return Number.isFinite(logits[id]);
};

function allowedIds(c: LogitsConstraint, width: number): number[] {
  const logits = new Float32Array(width);
  c.mask(logits);
  const ids: number[] = [];
  for (let i = 0; i < width; i++) if (Number.isFinite(logits[i])) ids.push(i);
  return ids;
}

describe('structural_tag: free text, then a structure once a trigger appears', () => {
  const json = fixtureTokenizer('smollm-135m').tokenizerJson;
  const tokenizer = new HfTokenizer({
    tokenizerJson: json,
    tokenizerConfig: { clean_up_tokenization_spaces: false },
  });
  const width = tokenizer.size;
  const eos = tokenizer.eosTokenIds[0] ?? 0;
  const factory = createConstraintFactory({ tokenizerJson: () => json, width, eosIds: [eos] });
  const validate = new Ajv().compile(ARGS);

  /** Accepts random allowed tokens other than EOS until `c` is complete (400 at most); returns them. */
  function sampleUntilComplete(c: LogitsConstraint, seed: number): number[] {
    const random = mulberry32(seed);
    const ids: number[] = [];
    while (!c.complete && ids.length < 400) {
      const options = allowedIds(c, width).filter((id) => id !== eos);
      expect(options.length).toBeGreaterThan(0);
      const id = options[randomInt(random, options.length)];
      c.accept(id);
      ids.push(id);
    }
    return ids;
  }

  it('50 seeds: text, a trigger, then sampled arguments always parse and validate', () => {
    const prefix = tokenizer.encode('Let me check the weather. <tool_call>');
    for (let seed = 0; seed < 50; seed++) {
      const c = factory(hermes(['get_weather', 'get_time']));
      expect(c.complete).toBe(true);
      for (const id of prefix) {
        expect(allowed(c, width, id)).toBe(true);
        c.accept(id);
      }
      expect(c.complete).toBe(false);
      const ids = [...prefix, ...sampleUntilComplete(c, seed + 1)];
      expect(c.complete).toBe(true);
      const text = tokenizer.decode(ids);
      const match = /^Let me check the weather\. <tool_call>\n(.*)\n<\/tool_call>$/su.exec(text);
      expect(match, text).not.toBeNull();
      const call = JSON.parse(match![1]);
      expect(['get_weather', 'get_time']).toContain(call.name);
      expect(validate(call.arguments), match![1]).toBe(true);
      // Spaced JSON, as chat templates' `tojson` writes it.
      expect(match![1].startsWith(`{"name": "${call.name}", "arguments": {"city": `)).toBe(true);
      // Free text again: EOS and ordinary words are allowed.
      expect(allowed(c, width, eos)).toBe(true);
      expect(allowed(c, width, tokenizer.encode(' Done')[0])).toBe(true);
    }
  });

  it('requireStructure: the output is calls and nothing else', () => {
    const c = factory(hermes(['get_weather'], { requireStructure: true }));
    expect(c.complete).toBe(false);
    expect(allowed(c, width, tokenizer.encode('Hello')[0])).toBe(false);
    expect(allowed(c, width, eos)).toBe(false);
    const text = tokenizer.decode(sampleUntilComplete(c, 7));
    expect(text).toMatch(/^<tool_call>\n\{"name": "get_weather", "arguments": \{.*\}\}\n<\/tool_call>$/su);
    expect(allowed(c, width, eos)).toBe(true);
  });

  it('requireStructure with stopAfterFirst: exactly one call', () => {
    const c = factory(hermes(['get_weather'], { requireStructure: true, stopAfterFirst: true }));
    expect(tokenizer.decode(sampleUntilComplete(c, 9))).toMatch(/^<tool_call>\n\{.*\}\n<\/tool_call>$/su);
    expect(allowedIds(c, width)).toEqual([eos]);
  });

  it('refuses a trigger that begins no structure, and malformed formats', () => {
    const bad = { ...hermes(['f']), triggers: ['<call>'] };
    expect(() => factory(bad)).toThrowError(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
    for (const format of [
      { type: 'structural_tag', triggers: [], structures: [] },
      { type: 'structural_tag', triggers: [''], structures: [{ begin: '', schema: {}, end: '' }] },
      { type: 'structural_tag', triggers: ['x'], structures: [{ begin: 'x', end: '' }] },
      { ...hermes(['f']), whitespace: 'wide' },
    ]) {
      expect(() => validateResponseFormat(format)).toThrowError(PocketLMError);
    }
  });

  it('names the unsupported keyword of a structure schema', () => {
    const format = hermes(['f']);
    format.structures[0].schema = {
      type: 'object',
      properties: { a: { type: 'string' } },
      patternProperties: { x: {} },
    };
    expect(() => factory({ ...format })).toThrowError(
      expect.objectContaining({
        code: 'UNSUPPORTED_CONSTRAINT',
        details: expect.objectContaining({ keyword: 'patternProperties' }),
      }),
    );
  });
});

describe('structural_tag at the token level', () => {
  // A small vocabulary with tokens that split the trigger, span it and the JSON after it, or follow it wrongly.
  const pieces = [
    '<',
    'tool',
    '_call',
    '>',
    '>\n{"',
    '>\nhi',
    '<tool_call>',
    '\n',
    '{"a": ',
    '1',
    '}',
    '\n</tool_call>',
    'hi',
    ' ',
    'x}',
  ];
  const enc = new TextEncoder();
  const SPECIAL = pieces.length; // an id with no bytes: a control token
  const EOS = SPECIAL + 1;
  const tokens: (Uint8Array | undefined)[] = [...pieces.map((p) => enc.encode(p)), undefined, undefined];
  const vocab = new TokenVocabulary(tokens);
  const id = (p: string) => pieces.indexOf(p);
  const format: StructuralTagFormat = {
    type: 'structural_tag',
    triggers: ['<tool_call>', '[CALL]'],
    structures: [
      {
        begin: '<tool_call>\n',
        schema: {
          type: 'object',
          properties: { a: { type: 'integer' } },
          required: ['a'],
          additionalProperties: false,
        },
        end: '\n</tool_call>',
      },
      {
        begin: '[CALL]',
        schema: {
          type: 'object',
          properties: { a: { type: 'integer' } },
          required: ['a'],
          additionalProperties: false,
        },
        end: '',
      },
    ],
    whitespace: 'spaced',
  };
  const masker = new StructuralTagMasker(format, vocab, {
    eosIds: [EOS],
    specialTokens: new Map([['[CALL]', SPECIAL]]),
  });
  const width = vocab.width;
  const fresh = () => new StructuralTagConstraint(masker);

  it('a trigger split over tokens, then a token spanning its end and the JSON', () => {
    const c = fresh();
    for (const p of ['hi', ' ', '<', 'tool', '_call']) c.accept(id(p));
    // '>\nhi' completes the trigger and goes on with bytes no structure allows; '>\n{"' fits.
    expect(allowed(c, width, id('>\nhi'))).toBe(false);
    expect(allowed(c, width, id('>\n{"'))).toBe(true);
    expect(allowed(c, width, id('hi'))).toBe(true);
    c.accept(id('>\n{"'));
    expect(c.complete).toBe(false);
    expect(allowedIds(c, width)).toEqual([]); // '{"' was read: only `a": ` continues, and no token is that.
  });

  it('inside a structure only its bytes are allowed; after it free text resumes', () => {
    const c = fresh();
    expect(allowed(c, width, id('>\nhi'))).toBe(true); // no partial trigger before it: plain text
    c.accept(id('<tool_call>'));
    expect(allowedIds(c, width)).toEqual([id('\n')]);
    for (const p of ['\n', '{"a": ', '1', '}']) c.accept(id(p));
    expect(c.complete).toBe(false);
    // '\n' starts the end marker; so does the whole marker.
    expect(allowedIds(c, width)).toEqual([id('\n'), id('\n</tool_call>')]);
    c.accept(id('\n</tool_call>'));
    expect(c.complete).toBe(true);
    expect(allowed(c, width, EOS)).toBe(true);
    expect(allowed(c, width, id('hi'))).toBe(true);
  });

  it('a control token whose text is a trigger starts its structure', () => {
    const c = fresh();
    c.accept(id('hi'));
    c.accept(SPECIAL);
    expect(c.complete).toBe(false);
    expect(allowedIds(c, width)).toEqual([id('{"a": ')]);
    for (const p of ['{"a": ', '1', '}']) c.accept(id(p));
    expect(c.complete).toBe(true); // end is '': the structure closed with its JSON
    expect(allowed(c, width, EOS)).toBe(true);
  });

  it('stopAfterFirst: once a structure closes only an end token may come', () => {
    const m = new StructuralTagMasker({ ...format, stopAfterFirst: true }, vocab, {
      eosIds: [EOS],
      specialTokens: new Map([['[CALL]', SPECIAL]]),
    });
    const c = new StructuralTagConstraint(m);
    for (const p of ['hi', '<tool_call>', '\n', '{"a": ', '1', '}', '\n</tool_call>']) c.accept(id(p));
    expect(c.complete).toBe(true);
    expect(allowedIds(c, width)).toEqual([EOS]);
  });

  it('a structure may end at an accepting state that could go on', () => {
    const digits: StructuralTagFormat = {
      type: 'structural_tag',
      triggers: ['[CALL]'],
      structures: [{ begin: '[CALL]', schema: { type: 'integer' }, end: '' }],
    };
    const m = new StructuralTagMasker(digits, vocab, {
      eosIds: [EOS],
      specialTokens: new Map([['[CALL]', SPECIAL]]),
    });
    const c = new StructuralTagConstraint(m);
    c.accept(SPECIAL);
    c.accept(id('1'));
    expect(c.complete).toBe(true);
    // Either more digits or free text (a space), or the end.
    expect(allowed(c, width, id('1'))).toBe(true);
    expect(allowed(c, width, id(' '))).toBe(true);
    expect(allowed(c, width, EOS)).toBe(true);
    c.accept(id(' '));
    expect(allowed(c, width, id('x}'))).toBe(true);
  });
});

it('the tiny fixture vocabulary (padded width) works too', () => {
  const json = fixtureTokenizer('tiny').tokenizerJson;
  const factory = createConstraintFactory({
    tokenizerJson: () => json,
    width: fixtureSpecs.tiny.vocabSize,
    eosIds: [2],
  });
  const c = factory(hermes(['f']));
  const logits = new Float32Array(fixtureSpecs.tiny.vocabSize);
  c.mask(logits);
  expect(logits.every((x) => x === 0 || x === Number.NEGATIVE_INFINITY)).toBe(true);
});
