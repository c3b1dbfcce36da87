import { describe, expect, it } from 'vitest';
import { fixtureSpecs } from '../../testkit/src/fixtures/fixture-specs.js';
import { fixtureTokenizer } from '../../testkit/src/fixtures/fixture-version.js';
import { mulberry32, randomInt } from '../../testkit/src/tokenizer/mulberry32.js';
import { compileGrammar, GrammarConstraint, GrammarTokenMasker } from '../src/constraints/grammar/index.js';
import { TokenVocabulary } from '../src/constraints/token-mask/token-vocabulary.js';
import { HfTokenizer } from '../src/tokenizer/hf-tokenizer.js';
import { ARITHMETIC_GBNF, isArithmetic, JSON_GBNF } from './constraints-grammar-samples.js';

/** A Llama-style SentencePiece tokenizer: `<0xNN>` byte fallback, `▁` spaces, leading space stripped. */
function sentencePieceJson(): Record<string, unknown> {
  const pieces = ['<unk>', '<s>', '</s>'];
  for (let b = 0; b < 256; b++) pieces.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
  pieces.push(
    '▁',
    '▁{',
    '{"',
    '":',
    '","',
    '"}',
    '▁"',
    '▁[',
    '],',
    'true',
    'null',
    '▁(',
    '))',
    '▁+▁',
    'é',
    '12',
  );
  for (const c of 'abcdefghijklmnopqrstuvwxyz0123456789{}[]":,.-+*/()\\') pieces.push(c, `▁${c}`);
  return {
    added_tokens: [0, 1, 2].map((id) => ({ id, content: pieces[id], normalized: false, special: true })),
    decoder: {
      type: 'Sequence',
      decoders: [
        { type: 'Replace', pattern: { String: '▁' }, content: ' ' },
        { type: 'ByteFallback' },
        { type: 'Fuse' },
        { type: 'Strip', content: ' ', start: 1, stop: 0 },
      ],
    },
    model: {
      type: 'BPE',
      unk_token: '<unk>',
      byte_fallback: true,
      vocab: Object.fromEntries([...new Set(pieces)].map((p, i) => [p, i])),
      merges: [],
    },
  };
}

interface Setup {
  vocab: TokenVocabulary;
  tokenizer: HfTokenizer;
  eos: number;
}

function setup(json: Record<string, unknown>, width?: number): Setup {
  return {
    vocab: TokenVocabulary.fromTokenizerJson(json, { width }),
    tokenizer: new HfTokenizer({
      tokenizerJson: json,
      tokenizerConfig: { clean_up_tokenization_spaces: false },
    }),
    eos: 2,
  };
}

const VOCABULARIES: [string, () => Setup][] = [
  ['tiny', () => setup(fixtureTokenizer('tiny').tokenizerJson, fixtureSpecs.tiny.vocabSize)],
  ['smollm-135m', () => setup(fixtureTokenizer('smollm-135m').tokenizerJson)],
  ['sentencepiece', () => setup(sentencePieceJson())],
];

const GRAMMARS: [string, string, (text: string) => boolean][] = [
  [
    'json',
    JSON_GBNF,
    (text) => {
      JSON.parse(text);
      return true;
    },
  ],
  [
    // Objects at the top, strings of at most 8 characters and single spaces, so random walks end.
    'json object',
    JSON_GBNF.replace('root    ::= ws value ws', 'root ::= object')
      .replace('char*', 'char{0,8}')
      .replace('[ \\t\\n\\r]*', '" "?'),
    (text) => {
      const value = JSON.parse(text);
      return typeof value === 'object' && value !== null && !Array.isArray(value) && text.startsWith('{');
    },
  ],
  ['arithmetic', ARITHMETIC_GBNF, isArithmetic],
];

const SEEDS = 80;
const MAX_STEPS = 150;
const strict = new TextDecoder('utf-8', { fatal: true });

function isWhole(bytes: Uint8Array): boolean {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

describe('sampling under a grammar produces text the grammar accepts', () => {
  it.each(VOCABULARIES)('%s', (name, make) => {
    const { vocab, tokenizer, eos } = make();
    const seen = { partialTokens: 0, invisibleSpaceStarts: 0 };
    for (const [grammarName, source, check] of GRAMMARS) {
      const shared = new GrammarTokenMasker(compileGrammar(source), vocab, { eosIds: [eos] });
      let ended = 0;
      let tokens = 0;
      const examples: string[] = [];
      for (let seed = 0; seed < SEEDS; seed++) {
        const random = mulberry32(seed + 1);
        const constraint = new GrammarConstraint(shared);
        const ids: number[] = [];
        let finished = false;
        const logits = new Float32Array(vocab.width);
        for (let step = 0; step < MAX_STEPS && !finished; step++) {
          logits.fill(0);
          constraint.mask(logits);
          const eosAllowed = logits[eos] === 0;
          expect(eosAllowed).toBe(constraint.complete);
          let allowed = 0;
          for (let i = 0; i < logits.length; i++) if (logits[i] === 0 && i !== eos) allowed++;
          // A live state always has a way on; a model that wants to stop takes EOS often once allowed.
          expect(eosAllowed || allowed > 0).toBe(true);
          if (eosAllowed && (allowed === 0 || random() < 0.3)) {
            finished = true;
            break;
          }
          // Greedy on i.i.d. random logits picks each allowed token with equal chance: draw its rank directly.
          let rank = randomInt(random, allowed);
          let best = -1;
          for (let i = 0; rank >= 0; i++) if (logits[i] === 0 && i !== eos && rank-- === 0) best = i;
          ids.push(best);
          constraint.accept(best);
        }
        tokens += ids.length;
        if (!finished) continue;
        ended++;
        const bytes = Uint8Array.from(ids.flatMap((id) => [...vocab.bytesOf(id)!]));
        const raw = strict.decode(bytes);
        for (const id of ids) if (!isWhole(vocab.bytesOf(id)!)) seen.partialTokens++;
        if (vocab.stripsLeadingSpace && raw.startsWith(' ')) seen.invisibleSpaceStarts++;
        const text = ids.length === 0 ? '' : tokenizer.decode(ids);
        expect(text).toBe(vocab.stripsLeadingSpace && raw.startsWith(' ') ? raw.slice(1) : raw);
        let ok: boolean;
        try {
          ok = check(text);
        } catch {
          ok = false;
        }
        if (examples.length < 3 && text.length > 8) examples.push(text);
        if (!ok) throw new Error(`${name} ${grammarName} seed ${seed}: ${JSON.stringify(text)} (ids ${ids})`);
      }
      console.log(
        `${name} ${grammarName}: ${ended}/${SEEDS} ended, ${tokens} tokens, ` +
          `${shared.automaton.stateCount} configurations, masks ${JSON.stringify(shared.stats)}; e.g.`,
        examples.map((e) => JSON.stringify(e.slice(0, 80))).join(' '),
      );
      expect(ended).toBeGreaterThanOrEqual(50);
    }
    // Tokens holding part of a character were sampled (and completed), and so were first tokens whose
    // leading space the decoder drops.
    console.log(name, seen);
    expect(seen.partialTokens).toBeGreaterThan(0);
    if (vocab.stripsLeadingSpace) expect(seen.invisibleSpaceStarts).toBeGreaterThan(0);
  });
});
