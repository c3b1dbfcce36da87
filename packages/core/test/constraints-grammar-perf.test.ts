import { describe, expect, it } from 'vitest';
import { fixtureTokenizer } from '../../testkit/src/fixtures/fixture-version.js';
import { mulberry32, randomInt } from '../../testkit/src/tokenizer/mulberry32.js';
import { compileGrammar, GrammarTokenMasker } from '../src/constraints/grammar/index.js';
import { DEAD } from '../src/constraints/regex/byte-automaton.js';
import { DfaTokenMasker } from '../src/constraints/token-mask/dfa-token-masker.js';
import { TokenVocabulary } from '../src/constraints/token-mask/token-vocabulary.js';
import { HfTokenizer } from '../src/tokenizer/hf-tokenizer.js';
import { JSON_GBNF } from './constraints-grammar-samples.js';

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

const ms = (x: number) => x.toFixed(3).padStart(7);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const max = (xs: number[]) => Math.max(0, ...xs);

describe('grammar mask cost at the 49k smollm vocabulary', () => {
  it('measures compile, new-configuration and cached-configuration mask times for JSON', () => {
    const json = fixtureTokenizer('smollm-135m').tokenizerJson;
    const vocab = TokenVocabulary.fromTokenizerJson(json);
    const tokenizer = new HfTokenizer({ tokenizerJson: json, tokenizerConfig: {} });
    // A real vocabulary's tokens are nearly all valid text; this copy replaces invalid bytes with U+FFFD, so
    // inside a JSON string nearly every token is allowed: the walk visits most of the trie.
    const lossy = new TextDecoder();
    const encoder = new TextEncoder();
    const valid = new TokenVocabulary(
      Array.from({ length: vocab.width }, (_, id) => {
        const bytes = vocab.bytesOf(id);
        return bytes === undefined ? undefined : encoder.encode(lossy.decode(bytes));
      }),
    );
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
            const mask = masker.mask(state);
            const allowed: number[] = [];
            for (let id = 0; id < v.width; id++)
              if (id !== EOS && mask[id >>> 5] & (1 << (id & 31))) allowed.push(id);
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
  const warm: number[] = [];
  const allowed: number[] = [];
  for (const s of states) {
    const t0 = performance.now();
    const mask = warmMasker.mask(s);
    warm.push(performance.now() - t0);
    let count = 0;
    for (const word of mask) for (let bits = word; bits !== 0; bits &= bits - 1) count++;
    allowed.push(count);
  }
  const reps = 10_000;
  const t = performance.now();
  for (let i = 0; i < reps; i++) warmMasker.mask(states[i % states.length]);
  const cachedMs = (performance.now() - t) / reps;
  return (
    `${name.padEnd(58)} | ${String(states.length).padStart(11)} | ${ms(mean(cold))} / ${ms(max(cold))} ms     ` +
    `| ${ms(mean(warm))} / ${ms(max(warm))} ms     | ${ms(cachedMs)} | ${String(Math.round(mean(allowed))).padStart(7)}`
  );
}
