import { describe, expect, it } from 'vitest';
import { fixtureTokenizer } from '../../testkit/src/fixtures/fixture-version.js';
import { mulberry32, randomInt } from '../../testkit/src/tokenizer/mulberry32.js';
import { type ByteAutomaton, DEAD } from '../src/constraints/regex/byte-automaton.js';
import { compileRegex } from '../src/constraints/regex/compile-regex.js';
import { applyMask } from '../src/constraints/token-mask/apply-mask.js';
import { DfaTokenMasker } from '../src/constraints/token-mask/dfa-token-masker.js';
import { TokenVocabulary } from '../src/constraints/token-mask/token-vocabulary.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const isSet = (mask: Uint32Array, id: number) => (mask[id >>> 5] & (1 << (id & 31))) !== 0;
const allowedIds = (mask: Uint32Array, width: number) =>
  Array.from({ length: width }, (_, id) => id).filter((id) => isSet(mask, id));

/** The mask by definition: step each token's bytes on its own, no trie. */
function bruteForceMask(
  automaton: ByteAutomaton,
  vocab: TokenVocabulary,
  state: number,
  eos: number[],
): number[] {
  const out: number[] = [];
  for (let id = 0; id < vocab.width; id++) {
    if (eos.includes(id)) {
      if (automaton.isAccepting(state)) out.push(id);
      continue;
    }
    const bytes = vocab.bytesOf(id);
    if (bytes === undefined || bytes.length === 0) continue;
    let s = state;
    for (const b of bytes) s = automaton.step(s, b);
    if (s !== DEAD) out.push(id);
  }
  return out;
}

// ids: 0 EOS, 1 'a', 2 'b', 3 'ab', 4 '{"', 5 'é', 6 [C3] (first byte of é), 7 [A9], 8 '', 9 undefined,
// 10 ' a'
const SMALL = new TokenVocabulary(
  [
    undefined,
    utf8('a'),
    utf8('b'),
    utf8('ab'),
    utf8('{"'),
    utf8('é'),
    Uint8Array.of(0xc3),
    Uint8Array.of(0xa9),
    utf8(''),
    undefined,
    utf8(' a'),
  ],
  { width: 40 },
);

describe('DfaTokenMasker', () => {
  it('allows tokens whose bytes keep the automaton alive, and EOS only when accepting', () => {
    const masker = new DfaTokenMasker(compileRegex('a+b'), SMALL, { eosIds: [0] });
    expect(masker.words).toBe(2);
    expect(allowedIds(masker.mask(masker.start), 40)).toEqual([1, 3]);
    const afterA = masker.advance(masker.start, 1);
    expect(allowedIds(masker.mask(afterA), 40)).toEqual([1, 2, 3]);
    const done = masker.advance(afterA, 2);
    expect(masker.isAccepting(done)).toBe(true);
    expect(allowedIds(masker.mask(done), 40)).toEqual([0]);
    expect(masker.advance(done, 0)).toBe(done);
    expect(masker.advance(afterA, 0)).toBe(DEAD);
    expect(masker.advance(masker.start, 2)).toBe(DEAD);
    // Empty, unknown and padding ids are never allowed.
    for (const id of [8, 9, 11, 39]) expect(masker.isAllowed(afterA, id)).toBe(false);
    expect(allowedIds(masker.mask(DEAD), 40)).toEqual([]);
  });

  it('allows a token that ends inside a character, then only its continuation', () => {
    const masker = new DfaTokenMasker(compileRegex('é+'), SMALL, { eosIds: [0] });
    expect(allowedIds(masker.mask(masker.start), 40)).toEqual([5, 6]);
    const half = masker.advance(masker.start, 6);
    expect(allowedIds(masker.mask(half), 40)).toEqual([7]);
    expect(masker.isAccepting(masker.advance(half, 7))).toBe(true);
  });

  it('does not allow a token into a dead end the next token would reveal', () => {
    // 'b' starts the branch b[], which can never complete, so 'b' is refused although its byte matches.
    const masker = new DfaTokenMasker(compileRegex('a(bc|d)|b[]'), SMALL, { eosIds: [0] });
    expect(allowedIds(masker.mask(masker.start), 40)).toEqual([1, 3]);
  });

  it('matches the brute-force definition on the smollm vocabulary', () => {
    const vocab = TokenVocabulary.fromTokenizerJson(fixtureTokenizer('smollm-135m').tokenizerJson);
    const random = mulberry32(11);
    for (const pattern of [
      '\\{"name":"[a-z]{1,20}","age":(0|[1-9][0-9]?)\\}',
      '[a-z ]{0,200}',
      '.*',
      '(é|€|😀)+x',
    ]) {
      const dfa = compileRegex(pattern);
      const masker = new DfaTokenMasker(dfa, vocab, { eosIds: [0, 2] });
      let state = masker.start;
      for (let step = 0; step < 8 && state !== DEAD; step++) {
        const allowed = allowedIds(masker.mask(state), vocab.width);
        expect(allowed).toEqual(bruteForceMask(dfa, vocab, state, [0, 2]));
        const pick = allowed.filter((id) => id > 2);
        if (pick.length === 0) break;
        state = masker.advance(state, pick[randomInt(random, pick.length)]);
      }
    }
  });

  it('caches masks per state, least recently used first out', () => {
    const masker = new DfaTokenMasker(compileRegex('a[ab]*'), SMALL, { eosIds: [0], cacheSize: 2 });
    const s0 = masker.start;
    const s1 = masker.advance(s0, 1);
    const first = masker.mask(s0);
    expect(masker.mask(s0)).toBe(first);
    expect(masker.stats).toEqual({ computed: 1, cached: 1 });
    masker.mask(s1);
    masker.mask(s0); // s0 is now the most recent
    masker.mask(DEAD); // evicts s1
    expect(masker.mask(s0)).toBe(first);
    expect(masker.stats.computed).toBe(3);
    masker.mask(s1);
    expect(masker.stats.computed).toBe(4);
  });

  it('with a leading-space-stripping decoder, the first token may carry one invisible space', () => {
    const vocab = new TokenVocabulary(SMALL_TOKENS(), { width: 40, stripsLeadingSpace: true });
    const masker = new DfaTokenMasker(compileRegex('a+'), vocab, { eosIds: [0] });
    // ' a' (10) shows as 'a' when it comes first, and as ' a' after that.
    expect(allowedIds(masker.mask(masker.start), 40)).toEqual([1, 10]);
    const next = masker.advance(masker.start, 10);
    expect(masker.isAccepting(next)).toBe(true);
    expect(allowedIds(masker.mask(next), 40)).toEqual([0, 1]);
    const plain = new DfaTokenMasker(compileRegex('a+'), vocab, { eosIds: [0], stripLeadingSpace: false });
    expect(allowedIds(plain.mask(plain.start), 40)).toEqual([1]);
  });
});

function SMALL_TOKENS(): (Uint8Array | undefined)[] {
  return Array.from({ length: 11 }, (_, id) => SMALL.bytesOf(id));
}

describe('applyMask', () => {
  it('sets exactly the disallowed logits to -Infinity', () => {
    const random = mulberry32(3);
    for (const width of [1, 31, 32, 33, 500, 512, 1000]) {
      for (const density of [0, 0.01, 0.5, 0.99, 1]) {
        const mask = new Uint32Array(Math.ceil(width / 32));
        for (let id = 0; id < width; id++) if (random() < density) mask[id >>> 5] |= 1 << (id & 31);
        // Whole words of ones and zeros take the fast paths.
        if (mask.length > 3) {
          mask[1] = 0xffffffff;
          mask[2] = 0;
        }
        const logits = Float32Array.from({ length: width }, (_, i) => i + 0.5);
        applyMask(logits, mask);
        for (let id = 0; id < width; id++) {
          expect(logits[id]).toBe(isSet(mask, id) ? id + 0.5 : Number.NEGATIVE_INFINITY);
        }
      }
    }
  });

  it('disallows logits past the mask', () => {
    const logits = new Float32Array(40).fill(1);
    applyMask(logits, Uint32Array.of(0xffffffff));
    expect(logits[31]).toBe(1);
    expect(logits[32]).toBe(Number.NEGATIVE_INFINITY);
    expect(logits[39]).toBe(Number.NEGATIVE_INFINITY);
  });
});
