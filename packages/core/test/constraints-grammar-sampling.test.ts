import { describe, expect, it } from 'vitest';
import { mulberry32, randomInt } from '../../testkit/src/tokenizer/mulberry32.js';
import { compileGrammar, GrammarConstraint, GrammarTokenMasker } from '../src/constraints/grammar/index.js';
import { ARITHMETIC_GBNF, isArithmetic, JSON_GBNF } from './constraints-grammar-samples.js';
import { isValidUtf8 } from './is-valid-utf8.js';
import { decodeSample, samplingVocabularies } from './sampling-vocabularies.js';

// SentencePiece pieces for JSON and arithmetic: tokens that span structure ('{"', '":'), `▁` spaces.
const SENTENCEPIECE_WORDS = [
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
  ...[...'abcdefghijklmnopqrstuvwxyz0123456789{}[]":,.-+*/()\\'].flatMap((c) => [c, `▁${c}`]),
];

const VOCABULARIES = samplingVocabularies(SENTENCEPIECE_WORDS);

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

describe('sampling under a grammar produces text the grammar accepts', () => {
  it.each(VOCABULARIES)('%s', (name, make) => {
    const setup = make();
    const { vocab, eos } = setup;
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
        const { text, droppedSpace } = decodeSample(setup, ids);
        for (const id of ids) if (!isValidUtf8(vocab.bytesOf(id)!)) seen.partialTokens++;
        if (droppedSpace) seen.invisibleSpaceStarts++;
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
