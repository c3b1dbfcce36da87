import { describe, expect, it } from 'vitest';
import { fixtureTokenizer } from '../../testkit/src/fixtures/fixture-version.js';
import { mulberry32, randomInt } from '../../testkit/src/tokenizer/mulberry32.js';
import { DEAD } from '../src/constraints/regex/byte-automaton.js';
import { compileRegex } from '../src/constraints/regex/compile-regex.js';
import { applyMask } from '../src/constraints/token-mask/apply-mask.js';
import { DfaTokenMasker } from '../src/constraints/token-mask/dfa-token-masker.js';
import { TokenVocabulary } from '../src/constraints/token-mask/token-vocabulary.js';
import { allowedIds, max, mean, ms, timeWarmMasks, validUtf8Copy } from './mask-perf.js';

// Measurements only (logged, never asserted on time): a forward pass is 25-65 ms, the mask must be far below.
const PATTERNS = [
  '\\{"name":"[a-z]{1,20}","age":(0|[1-9][0-9]?)\\}',
  '[a-z ]{0,200}',
  '.*',
  '"([^"\\\\]|\\\\.)*"',
];
const EOS = 2;

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
    // `.*` allows every token of this copy: the walk visits the whole trie.
    const valid = validUtf8Copy(vocab);
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
    const allowed = allowedIds(mask, cold.width, EOS);
    if (allowed.length === 0) break;
    state = cold.advance(state, allowed[randomInt(random, allowed.length)]);
    expect(state).not.toBe(DEAD);
  }
  const newCold = coldTimes.filter((_, i) => i === path.indexOf(path[i]));

  // Warm: a second masker on the same DFA: the trie walk alone.
  const warm = new DfaTokenMasker(dfa, vocab, { eosIds: [EOS] });
  const { warm: warmTimes, allowed: allowedCounts, cachedMs } = timeWarmMasks(warm, [...new Set(path)]);

  const logits = new Float32Array(vocab.width);
  const masks = path.map((s) => warm.mask(s));
  t = performance.now();
  for (let i = 0; i < 1000; i++) applyMask(logits.fill(0), masks[i % masks.length]);
  const applyMs = (performance.now() - t) / 1000;

  return (
    `${pattern.padEnd(48)} ${ms(compileMs)} | ${ms(mean(newCold))} / ${ms(max(newCold))} ms ` +
    `(${String(newCold.length).padStart(2)} states) | ${ms(mean(warmTimes))} / ${ms(max(warmTimes))} ` +
    `| ${ms(cachedMs)} | ${String(Math.round(mean(allowedCounts))).padStart(7)} | ${ms(applyMs)} ms`
  );
}
