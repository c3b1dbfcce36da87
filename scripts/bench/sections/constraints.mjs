// Constrained decoding's cost next to a forward pass, in one run: decode ms per token of the same sampled
// requests with and without `responseFormat` on the 49k-vocabulary fixture. The difference is what masking
// costs (mask lookups, first-time mask computation per automaton state, applying the mask).
import { createEngine } from '@pocketlm/core';
import { nodeBackend } from '@pocketlm/node';
import { fmt, median, progress, ratio } from '../lib/common.mjs';

const FULL = { seeds: 6, newTokens: 48 };
const QUICK = { seeds: 2, newTokens: 16 };

const schema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 24 },
    kind: { enum: ['cat', 'dog', 'fox'] },
    age: { type: 'integer', minimum: 0, maximum: 120 },
    tags: { type: 'array', items: { type: 'string', maxLength: 12 }, maxItems: 4 },
  },
  required: ['name', 'kind', 'age'],
};
// Hermes-style tool calls: free text with the `<tool_call>` trigger watched, or a call required.
const toolCall = (requireStructure) => ({
  type: 'structural_tag',
  triggers: ['<tool_call>'],
  structures: [
    {
      begin: '<tool_call>\n',
      schema: {
        type: 'object',
        properties: { name: { const: 'describe_pet' }, arguments: schema },
        required: ['name', 'arguments'],
      },
      end: '\n</tool_call>',
    },
  ],
  whitespace: 'spaced',
  requireStructure,
});
// Full JSON as a GBNF grammar (llama.cpp's json.gbnf shape): the pushdown recognizer's masking cost.
const JSON_GBNF = String.raw`
root    ::= value
value   ::= object | array | string | number | "true" | "false" | "null"
object  ::= "{" ws ( member ( ws "," ws member )* ws )? "}"
member  ::= string ws ":" ws value
array   ::= "[" ws ( value ( ws "," ws value )* ws )? "]"
string  ::= "\"" char* "\""
char    ::= [^"\\\x00-\x1F] | "\\" ( ["\\/bfnrt] | "u" [0-9a-fA-F]{4} )
number  ::= "-"? ( "0" | [1-9] [0-9]* ) ( "." [0-9]+ )? ( [eE] [-+]? [0-9]+ )?
ws      ::= [ \t\n]?
`;

const formats = [
  ['json_schema', { type: 'json_schema', schema }],
  ['json_object', { type: 'json_object' }],
  ['regex (free text)', { type: 'regex', pattern: '[A-Za-z ,.]{0,200}' }],
  ['grammar (GBNF JSON)', { type: 'grammar', grammar: JSON_GBNF }],
  ['structural_tag (free text, trigger watched)', toolCall(false)],
  ['structural_tag (tool call required)', toolCall(true)],
];

export default {
  name: 'constraints',
  order: 50,
  description: 'constrained decoding: decode ms/token with responseFormat vs without (masking cost)',
  async run({ dir, quick }) {
    const cfg = quick ? QUICK : FULL;
    const engine = await createEngine({ backend: nodeBackend(), model: dir, prefixCache: false });
    const rows = [];
    const json = {};
    const problems = [];
    try {
      const perToken = async (responseFormat, seed) => {
        const r = await engine.generate({
          prompt: 'Describe a pet as JSON:',
          temperature: 1,
          seed,
          maxTokens: cfg.newTokens,
          responseFormat,
        });
        return r.timings.decodeMs / Math.max(1, r.tokens.length - 1);
      };
      await perToken(undefined, 0);
      for (const [name, format] of formats) {
        progress(`  ${name}`);
        const free = [];
        const constrained = [];
        for (let seed = 1; seed <= cfg.seeds; seed++) {
          free.push(await perToken(undefined, seed));
          constrained.push(await perToken(format, seed));
        }
        const cost = median(constrained) - median(free);
        rows.push({
          format: name,
          'unconstrained ms/token': fmt(median(free)),
          'constrained ms/token': fmt(median(constrained)),
          'masking ms/token': fmt(cost),
          ratio: ratio(median(constrained) / median(free)),
        });
        json[name] = { free, constrained };
      }
    } finally {
      await engine.dispose();
    }
    return {
      title: 'Constrained decoding: cost of masking next to a forward pass',
      note:
        `smollm-135m (49,152-token vocabulary), temperature 1, ${cfg.newTokens} new tokens, median over ${cfg.seeds} ` +
        'seeds per side, alternating; ratio = constrained / unconstrained decode time per token. The first request ' +
        'of a format also pays its compile and first masks (cached afterwards), included here.',
      rows,
      json,
      problems,
    };
  },
};
