import { describe, expect, it } from 'vitest';
import { fixtureTokenizer } from '../../testkit/src/fixtures/fixture-version.js';
import { mulberry32, randomInt } from '../../testkit/src/tokenizer/mulberry32.js';
import { DEAD } from '../src/constraints/regex/byte-automaton.js';
import { compileRegex } from '../src/constraints/regex/compile-regex.js';
import { applyMask } from '../src/constraints/token-mask/apply-mask.js';
import { DfaTokenMasker } from '../src/constraints/token-mask/dfa-token-masker.js';
import { TokenVocabulary } from '../src/constraints/token-mask/token-vocabulary.js';

// Measurements only (logged, never asserted on time): a forward pass is 25-65 ms, the mask must be far below.
const PATTERNS = [
  '\\{"name":"[a-z]{1,20}","age":(0|[1-9][0-9]?)\\}',
  '[a-z ]{0,200}',
  '.*',
  '"([^"\\\\]|\\\\.)*"',
];
const EOS = 2;

const ms = (x: number) => x.toFixed(3).padStart(7);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

describe('mask cost at the 49k smollm vocabulary', () => {
  it('measures vocabulary, compile, new-state and cached-state mask times', () => {
    const json = fixtureTokenizer('smollm-135m').tokenizerJson;
    let t = performance.now();
    const vocab = TokenVocabulary.fromTokenizerJson(json);
    const vocabMs = performance.now() - t;
    t = performance.now();
    const trie = vocab.trie;
    const trieMs = performance.now() - t;
    const lines = [
      `vocabulary ${ms(vocabMs)} ms, trie ${ms(trieMs)} ms (${trie.nodeCount} nodes, max depth ${trie.maxDepth})`,
      'fixture vocabulary (random merges: 77% of its tokens are not valid UTF-8 alone, so most die early):',
      HEADER,
      ...PATTERNS.map((p) => measure(p, vocab)),
    ];
    // A real vocabulary's tokens are nearly all valid text; this copy replaces invalid bytes with U+FFFD, so
    // `.*` allows every token and the walk visits the whole trie: the worst case for a new state.
    const lossy = new TextDecoder();
    const encoder = new TextEncoder();
    const valid = new TokenVocabulary(
      Array.from({ length: vocab.width }, (_, id) => {
        const bytes = vocab.bytesOf(id);
        return bytes === undefined ? undefined : encoder.encode(lossy.decode(bytes));
      }),
    );
    lines.push(`same ids, every token valid UTF-8 (trie ${valid.trie.nodeCount} nodes):`, HEADER);
    lines.push(...PATTERNS.map((p) => measure(p, valid)));
    console.log(lines.join('\n'));
  });
});

const HEADER =
  'pattern                                          compile | new state, cold DFA (mean/max)  | ' +
  'new state, warm DFA | cached | allowed | applyMask';

function measure(pattern: string, vocab: TokenVocabulary): string {
  let t = performance.now();
  const dfa = compileRegex(pattern);
  const compileMs = performance.now() - t;

  // Cold: the first masker also builds the DFA states and transitions its walks need.
  const cold = new DfaTokenMasker(dfa, vocab, { eosIds: [EOS] });
  const coldTimes: number[] = [];
  const random = mulberry32(1);
  let state = cold.start;
  const path: number[] = [];
  for (let i = 0; i < 60; i++) {
    path.push(state);
    const t0 = performance.now();
    const mask = cold.mask(state);
    coldTimes.push(performance.now() - t0);
    const allowed: number[] = [];
    for (let id = 0; id < cold.width; id++)
      if (id !== EOS && mask[id >>> 5] & (1 << (id & 31))) allowed.push(id);
    if (allowed.length === 0) break;
    state = cold.advance(state, allowed[randomInt(random, allowed.length)]);
    expect(state).not.toBe(DEAD);
  }
  const newCold = coldTimes.filter((_, i) => i === path.indexOf(path[i]));

  // Warm: a second masker on the same DFA: the trie walk alone.
  const warm = new DfaTokenMasker(dfa, vocab, { eosIds: [EOS] });
  const warmTimes: number[] = [];
  const allowedCounts: number[] = [];
  for (const s of new Set(path)) {
    const t0 = performance.now();
    const mask = warm.mask(s);
    warmTimes.push(performance.now() - t0);
    let count = 0;
    for (const word of mask) for (let bits = word; bits !== 0; bits &= bits - 1) count++;
    allowedCounts.push(count);
  }

  const reps = 10_000;
  t = performance.now();
  for (let i = 0; i < reps; i++) warm.mask(path[i % path.length]);
  const cachedMs = (performance.now() - t) / reps;

  const logits = new Float32Array(vocab.width);
  const masks = path.map((s) => warm.mask(s));
  t = performance.now();
  for (let i = 0; i < 1000; i++) applyMask(logits.fill(0), masks[i % masks.length]);
  const applyMs = (performance.now() - t) / 1000;

  return (
    `${pattern.padEnd(48)} ${ms(compileMs)} | ${ms(mean(newCold))} / ${ms(Math.max(...newCold))} ms ` +
    `(${String(newCold.length).padStart(2)} states) | ${ms(mean(warmTimes))} / ${ms(Math.max(...warmTimes))} ` +
    `| ${ms(cachedMs)} | ${String(Math.round(mean(allowedCounts))).padStart(7)} | ${ms(applyMs)} ms`
  );
}
