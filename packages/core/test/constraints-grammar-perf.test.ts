import { describe, expect, it } from 'vitest';
import { fixtureTokenizer } from '../../testkit/src/fixtures/fixture-version.js';
import { mulberry32, randomInt } from '../../testkit/src/tokenizer/mulberry32.js';
import { compileGrammar, GrammarTokenMasker } from '../src/constraints/grammar/index.js';
import { DEAD } from '../src/constraints/regex/byte-automaton.js';
import { DfaTokenMasker } from '../src/constraints/token-mask/dfa-token-masker.js';
import { TokenVocabulary } from '../src/constraints/token-mask/token-vocabulary.js';
import { HfTokenizer } from '../src/tokenizer/hf-tokenizer.js';
import { JSON_GBNF } from './constraints-grammar-samples.js';
import { allowedIds, max, mean, ms, timeWarmMasks, validUtf8Copy } from './mask-perf.js';

// Measurements only (logged, never asserted on time): a forward pass is 25-65 ms, a mask must be far below.
const EOS = 2;
const DOCUMENT = {
  name: 'Ada Lovelace',
  born: 1815,
  tags: ['mathematics', 'poetry', 'é😀'],
  works: [{ title: 'Notes on the Analytical Engine', year: 1843, pages: 65.5, refs: [1, 2, 3] }],
  alive: false,
  spouse: null,
};

describe('grammar mask cost at the 49k smollm vocabulary', () => {
  it('measures compile, new-configuration and cached-configuration mask times for JSON', () => {
    const json = fixtureTokenizer('smollm-135m').tokenizerJson;
    const vocab = TokenVocabulary.fromTokenizerJson(json);
    const tokenizer = new HfTokenizer({ tokenizerJson: json, tokenizerConfig: {} });
    // Inside a JSON string nearly every token of this copy is allowed.
    const valid = validUtf8Copy(vocab);
    const t = performance.now();
    const grammar = compileGrammar(JSON_GBNF);
    const compileMs = performance.now() - t;
    vocab.trie;
    valid.trie;

    const lines = [
      `compile ${ms(compileMs)} ms; trie ${vocab.trie.nodeCount} / ${valid.trie.nodeCount} nodes`,
      HEADER,
    ];
    for (const round of ['first run (JIT cold)', 'again']) {
      for (const text of [JSON.stringify(DOCUMENT), JSON.stringify(DOCUMENT, null, 2)]) {
        const ids = tokenizer.encode(text);
        lines.push(
          measure(`${round}: document, ${ids.length} tokens`, grammar, vocab, (masker, state, step) => {
            if (step >= ids.length) return undefined;
            expect(masker.isAllowed(state, ids[step])).toBe(true);
            return ids[step];
          }),
        );
      }
      for (const v of [vocab, valid]) {
        const random = mulberry32(1);
        const name = `${round}: random walk, ${v === vocab ? 'fixture' : 'valid-UTF-8'} vocabulary`;
        lines.push(
          measure(name, grammar, v, (masker, state, step) => {
            if (step >= 60) return undefined;
            const allowed = allowedIds(masker.mask(state), v.width, EOS);
            return allowed.length === 0 ? undefined : allowed[randomInt(random, allowed.length)];
          }),
        );
      }
    }
    console.log(lines.join('\n'));
  });
});

const HEADER =
  'workload                                                   | new configs | cold recognizer (mean/max) | ' +
  'warm recognizer (mean/max) | cached | allowed';

/** Walks `next`'s tokens, timing each configuration's first mask; then re-times them on warm tables. */
function measure(
  name: string,
  grammar: ReturnType<typeof compileGrammar>,
  vocab: TokenVocabulary,
  next: (masker: DfaTokenMasker, state: number, step: number) => number | undefined,
): string {
  const shared = new GrammarTokenMasker(grammar, vocab, { eosIds: [EOS] });
  const masker = shared.acquire();
  const cold: number[] = [];
  const states: number[] = [];
  let state = masker.start;
  for (let step = 0; ; step++) {
    if (!states.includes(state)) {
      const t0 = performance.now();
      masker.mask(state);
      cold.push(performance.now() - t0);
      states.push(state);
    }
    const id = next(masker, state, step);
    if (id === undefined) break;
    state = masker.advance(state, id);
    expect(state).not.toBe(DEAD);
  }
  // The trie walk alone: a second masker on the same (now built) recognizer.
  const warmMasker = new DfaTokenMasker(shared.automaton, vocab, { eosIds: [EOS] });
  const { warm, allowed, cachedMs } = timeWarmMasks(warmMasker, states);
  return (
    `${name.padEnd(58)} | ${String(states.length).padStart(11)} | ${ms(mean(cold))} / ${ms(max(cold))} ms     ` +
    `| ${ms(mean(warm))} / ${ms(max(warm))} ms     | ${ms(cachedMs)} | ${String(Math.round(mean(allowed))).padStart(7)}`
  );
}
