import { compileJsonSchema, PocketLMError, type StructuralTagFormat } from '@pocketlm/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { hermesFormat } from '../src/formats/hermes.js';
import { llama3JsonFormat } from '../src/formats/llama3-json.js';
import { mistralFormat } from '../src/formats/mistral.js';
import { templateJson } from '../src/formats/template-json.js';
import type { ToolCallFormat } from '../src/formats/tool-call-format.js';
import { resolveTools } from '../src/tools/resolve-tools.js';
import type { ToolSpec } from '../src/tools/tool.js';

const execute = () => '';
let specs: ToolSpec[];
beforeAll(async () => {
  specs = await resolveTools([
    {
      name: 'get_weather',
      parameters: {
        type: 'object',
        properties: { city: { type: 'string' }, unit: { enum: ['c', 'f'] } },
        required: ['city'],
        additionalProperties: false,
      },
      execute,
    },
    {
      name: 'search',
      parameters: {
        type: 'object',
        properties: {
          query: { type: 'string', minLength: 1 },
          limit: { type: 'integer', minimum: 1, maximum: 10 },
        },
        required: ['query'],
      },
      execute,
    },
    {
      // Local refs (as zod writes shared and recursive schemas) must survive being nested in the call schema.
      name: 'outline',
      parameters: {
        type: 'object',
        properties: { root: { $ref: '#/$defs/node' } },
        required: ['root'],
        $defs: {
          node: {
            type: 'object',
            properties: {
              label: { type: 'string' },
              children: { type: 'array', items: { $ref: '#/$defs/node' } },
            },
            required: ['label'],
          },
        },
      },
      execute,
    },
    { name: 'now', parameters: { type: 'object' }, execute },
  ]);
});

/** Arguments in declared property order: the constrained output writes properties in that order. */
const SAMPLES: [string, Record<string, unknown>][] = [
  ['get_weather', { city: 'Zürich "old town"\n', unit: 'c' }],
  ['get_weather', { city: 'Paris' }],
  ['search', { query: 'ünïcode ✓', limit: 10 }],
  ['outline', { root: { label: 'a', children: [{ label: 'b', children: [{ label: 'c' }] }] } }],
  ['now', {}],
];

const structural = (
  format: ToolCallFormat,
  choice: Parameters<ToolCallFormat['responseFormat']>[1] = 'auto',
) => format.responseFormat(specs, choice) as StructuralTagFormat;

/** Whether the structure's JSON language (spaced, as every format asks for) holds `text`. */
const matches = (schema: unknown, text: string) =>
  new RegExp(`^(?:${compileJsonSchema(schema, { whitespace: 'spaced' })})$`, 'u').test(text);

let ids = 0;
const newId = () => `call_${++ids}`;

/** How each format's structures hold one call, and the JSON the constrained model writes for it. */
const CASES: {
  format: ToolCallFormat;
  /** The structure for a call (by tool name). */
  structureFor(rf: StructuralTagFormat, name: string): StructuralTagFormat['structures'][number];
  json(calls: [string, Record<string, unknown>][]): string;
  /** Whether one structure holds several calls (Mistral's array). */
  batched: boolean;
}[] = [
  {
    format: hermesFormat,
    structureFor: (rf, name) => rf.structures.find((s) => constName(s.schema) === name)!,
    json: ([[name, args]]) => templateJson({ name, arguments: args }),
    batched: false,
  },
  {
    format: llama3JsonFormat,
    structureFor: (rf, name) => rf.structures.find((s) => constName(s.schema) === name)!,
    json: ([[name, args]]) => templateJson({ name, parameters: args }),
    batched: false,
  },
  {
    format: mistralFormat,
    structureFor: (rf) => rf.structures[0],
    json: (calls) => templateJson(calls.map(([name, args]) => ({ name, arguments: args }))),
    batched: true,
  },
];

function constName(schema: unknown): unknown {
  return (schema as { properties: { name: { const: unknown } } }).properties.name.const;
}

describe.each(CASES)('$format.name structures', ({ format, structureFor, json, batched }) => {
  it('accept every call the model may write, and parse reads the same calls back', () => {
    const rf = structural(format);
    expect(rf.type).toBe('structural_tag');
    expect(rf.requireStructure).toBe(false);
    expect(rf.whitespace).toBe('spaced');
    const groups = batched ? [SAMPLES] : SAMPLES.map((s) => [s]);
    for (const calls of groups) {
      const structure = structureFor(rf, calls[0][0]);
      const text = json(calls);
      expect(matches(structure.schema, text), text).toBe(true);
      const output = structure.begin + text + structure.end;
      // The trigger is where the structure starts: it must be a prefix of begin + JSON.
      expect(rf.triggers.some((t) => output.startsWith(t))).toBe(true);
      const reply = format.parse(output, specs, newId);
      expect(reply.malformed).toEqual([]);
      expect(reply.text).toBe('');
      expect(reply.calls.map((c) => [c.name, c.arguments])).toEqual(calls);
    }
  });

  it('refuse arguments that do not validate and names of other tools', () => {
    const rf = structural(format);
    const weather = structureFor(rf, 'get_weather');
    expect(matches(weather.schema, json([['get_weather', {}]]))).toBe(false);
    expect(matches(weather.schema, json([['get_weather', { city: 'Oslo', unit: 'k' }]]))).toBe(false);
    expect(matches(weather.schema, json([['get_weather', { city: 'Oslo', extra: 1 }]]))).toBe(false);
    expect(matches(weather.schema, json([['search', { query: '' }]]))).toBe(false);
    expect(matches(weather.schema, json([['delete_all', {}]]))).toBe(false);
  });

  it('accept the calls the format writes into message contents', () => {
    const rf = structural(format);
    const [name, args] = SAMPLES[0];
    const content = format.assistantMessage('', [{ id: 'x', name, arguments: args }], false).content;
    const structure = structureFor(rf, name);
    expect(content.startsWith(structure.begin)).toBe(true);
    expect(content.endsWith(structure.end)).toBe(true);
    const written = content.slice(structure.begin.length, content.length - structure.end.length);
    expect(matches(structure.schema, written), written).toBe(true);
  });

  it('follows the tool choice', () => {
    expect(structural(format, 'required').requireStructure).toBe(true);
    const only = structural(format, { name: 'search' });
    expect(only.requireStructure).toBe(true);
    const structure = structureFor(only, 'search');
    expect(matches(structure.schema, json([['search', { query: 'q' }]]))).toBe(true);
    expect(only.structures.some((s) => matches(s.schema, json([['get_weather', { city: 'Oslo' }]])))).toBe(
      false,
    );
  });

  it('refuses a tool choice that names no tool, and an empty tool list', () => {
    for (const run of [
      () => format.responseFormat(specs, { name: 'nope' }),
      () => format.responseFormat([], 'auto'),
    ]) {
      let error: unknown;
      try {
        run();
      } catch (e) {
        error = e;
      }
      expect(PocketLMError.isInstance(error, 'INVALID_OPTIONS')).toBe(true);
    }
  });
});

describe('llama3JsonFormat structures', () => {
  it('end the turn after one call, as Meta renders one call per turn', () => {
    expect((structural(llama3JsonFormat) as { stopAfterFirst?: boolean }).stopAfterFirst).toBe(true);
    expect((structural(hermesFormat) as { stopAfterFirst?: boolean }).stopAfterFirst).toBeUndefined();
  });
});
