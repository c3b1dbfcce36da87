import { type Engine, PocketLMError } from '@pocketlm/core';
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyEngine } from './engine-fixture.js';

let engine: Engine;
beforeAll(async () => {
  engine = await tinyEngine();
});
afterAll(() => engine.dispose());

const schema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 12 },
    kind: { enum: ['cat', 'dog', 'fox'] },
    age: { type: 'integer', minimum: 0, maximum: 120 },
    score: { type: 'number', minimum: -5, maximum: 5 },
    tags: { type: 'array', items: { type: 'string', pattern: '^[a-z]{1,6}$' }, maxItems: 3 },
    owner: {
      type: 'object',
      properties: { id: { type: 'string', format: 'uuid' }, vip: { type: 'boolean' } },
      required: ['id'],
    },
  },
  required: ['name', 'kind', 'age', 'owner'],
};

describe('constrained decoding through the engine (random-weight tiny fixture)', () => {
  it('200 seeds at temperature 1: every output parses and validates against the schema', async () => {
    const validate = new Ajv({ strict: false }).compile(schema);
    let failures = 0;
    for (let seed = 0; seed < 200; seed++) {
      const r = await engine.generate({
        prompt: 'Describe a pet as JSON:',
        temperature: 1,
        seed,
        maxTokens: 200,
        responseFormat: { type: 'json_schema', schema },
      });
      expect(r.finishReason, `seed ${seed}: ${r.text}`).toBe('stop');
      let ok = false;
      try {
        ok = validate(JSON.parse(r.text)) === true;
      } catch {}
      if (!ok) failures++;
    }
    expect(failures).toBe(0);
  });

  it('json_object and regex formats hold too', async () => {
    for (let seed = 0; seed < 20; seed++) {
      const obj = await engine.generate({
        prompt: 'JSON:',
        temperature: 1,
        seed,
        maxTokens: 200,
        responseFormat: { type: 'json_object' },
      });
      if (obj.finishReason === 'stop') {
        const value = JSON.parse(obj.text);
        expect(typeof value === 'object' && value !== null && !Array.isArray(value)).toBe(true);
      }
      const re = await engine.generate({
        prompt: 'Date:',
        temperature: 1,
        seed,
        maxTokens: 40,
        responseFormat: { type: 'regex', pattern: '(19|20)\\d\\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])' },
      });
      expect(re.text).toMatch(/^(19|20)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);
    }
  });

  it('refuses an unsupported keyword with UNSUPPORTED_CONSTRAINT naming it, before running', () => {
    let error: unknown;
    try {
      engine.stream({
        prompt: 'x',
        responseFormat: { type: 'json_schema', schema: { type: 'number', multipleOf: 3 } },
      });
    } catch (e) {
      error = e;
    }
    expect(PocketLMError.isInstance(error, 'UNSUPPORTED_CONSTRAINT')).toBe(true);
    expect((error as Error).message).toMatch(/multipleOf/);
    expect(() => engine.stream({ prompt: 'x', responseFormat: { type: 'yaml' } as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    );
  });

  it('a GBNF grammar (recursive): 50 seeds of arithmetic evaluate', async () => {
    const grammar = `
root   ::= expr
expr   ::= term (ws [-+] ws term)*
term   ::= factor (ws [*] ws factor)*
factor ::= [1-9] [0-9]? | "(" ws expr ws ")"
ws     ::= " "?
`;
    let ended = 0;
    for (let seed = 0; seed < 50; seed++) {
      const r = await engine.generate({
        prompt: 'Sum:',
        temperature: 1,
        seed,
        maxTokens: 60,
        responseFormat: { type: 'grammar', grammar },
      });
      if (r.finishReason !== 'stop') continue;
      ended++;
      // Only digits, operators, parentheses and spaces: safe to evaluate, and it must evaluate.
      expect(r.text).toMatch(/^[0-9+\-* ()]+$/);
      expect(Number.isFinite(Function(`return (${r.text})`)())).toBe(true);
    }
    expect(ended).toBeGreaterThan(10);
  });

  it('a malformed grammar is INVALID_OPTIONS naming the line and column; left recursion is refused', () => {
    const bad = (grammar: string) => {
      try {
        engine.stream({ prompt: 'x', responseFormat: { type: 'grammar', grammar } });
      } catch (e) {
        return e as PocketLMError;
      }
      throw new Error('expected a throw');
    };
    const undefinedRule = bad('root ::= item\n');
    expect(undefinedRule.code).toBe('INVALID_OPTIONS');
    expect(undefinedRule.message).toMatch(/item/);
    expect(undefinedRule.message).toMatch(/line 1/);
    expect(bad('root ::= root "a" | "b"').message).toMatch(/left recursion|left-recursive/i);
    expect(bad('start ::= "a"').message).toMatch(/root/);
  });
});
