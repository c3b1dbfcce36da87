import { describe, expect, it } from 'vitest';
import { mulberry32, randomInt } from '../../testkit/src/tokenizer/mulberry32.js';
import { DEAD } from '../src/constraints/regex/byte-automaton.js';
import { compileRegex } from '../src/constraints/regex/compile-regex.js';
import { DfaTokenMasker } from '../src/constraints/token-mask/dfa-token-masker.js';
import { decodeSample, samplingVocabularies } from './sampling-vocabularies.js';

// Exercises tokens that span structure ('{"', '":'), multi-character tokens, and byte tokens that are
// only part of a character.
const PATTERNS = [
  '\\{"name":"[a-z]{1,20}","age":(0|[1-9][0-9]?)\\}',
  '[a-z ]{0,200}',
  '.{0,40}',
  '(é|€|😀| |a)+',
  '-?(0|[1-9]\\d{0,5})(\\.\\d{1,4})?',
  '"[^"\\\\]{0,12}"',
  '(yes|no|maybe)',
  '\\w+( \\w+){0,3}',
  '[\\u{1F600}-\\u{1F64F}]{1,3}',
  '\\p{L}{1,8}',
];

// SentencePiece pieces: `▁` spaces (doubled, inside a piece), words, and tokens that span structure.
const SENTENCEPIECE_WORDS = [
  '▁',
  '▁▁',
  '▁t',
  'he',
  '▁the',
  '{"',
  '":',
  '","',
  '▁{',
  'é',
  '▁é',
  '12',
  'yes',
  '▁no',
  'x▁y',
  ...[...'abcdefghijklmnopqrstuvwxyz0123456789{}":,.-'].flatMap((c) => [c, `▁${c}`]),
];

const VOCABULARIES = samplingVocabularies(SENTENCEPIECE_WORDS);

const lossy = new TextDecoder();
const MAX_STEPS = 150;

describe('sampling under the mask produces matching, valid UTF-8 output', () => {
  it.each(VOCABULARIES)('%s: 200 seeds', (name, make) => {
    const setup = make();
    const { vocab, eos } = setup;
    const maskers = new Map<string, DfaTokenMasker>();
    let ended = 0;
    const seen = { partialTokens: 0, multiCharTokens: 0, invisibleSpaceStarts: 0, tokens: 0 };
    for (let seed = 0; seed < 200; seed++) {
      const pattern = PATTERNS[seed % PATTERNS.length];
      let masker = maskers.get(pattern);
      if (masker === undefined) {
        masker = new DfaTokenMasker(compileRegex(pattern), vocab, { eosIds: [eos] });
        maskers.set(pattern, masker);
      }
      const random = mulberry32(seed + 1);
      const ids: number[] = [];
      let state = masker.start;
      let finished = false;
      for (let step = 0; step < MAX_STEPS; step++) {
        const mask = masker.mask(state);
        const allowed: number[] = [];
        for (let w = 0; w < mask.length; w++) {
          for (let bits = mask[w]; bits !== 0; bits &= bits - 1) {
            const id = (w << 5) + (31 - Math.clz32(bits & -bits));
            if (id !== eos) allowed.push(id);
          }
        }
        const eosAllowed = (mask[eos >>> 5] & (1 << (eos & 31))) !== 0;
        expect(eosAllowed).toBe(masker.isAccepting(state));
        if (eosAllowed && (allowed.length === 0 || random() < 0.25)) {
          finished = true;
          break;
        }
        // A live state always has a way on: a token, or EOS.
        expect(allowed.length).toBeGreaterThan(0);
        const id = allowed[randomInt(random, allowed.length)];
        ids.push(id);
        state = masker.advance(state, id);
        expect(state).not.toBe(DEAD);
      }

      // The raw bytes are valid UTF-8, and the text the tokenizer decodes is what the automaton matched.
      const { text, droppedSpace } = decodeSample(setup, ids);
      for (const id of ids) {
        const piece = lossy.decode(vocab.bytesOf(id));
        seen.tokens++;
        if (piece.includes('\uFFFD')) seen.partialTokens++;
        else if ([...piece].length > 1) seen.multiCharTokens++;
      }
      if (droppedSpace) seen.invisibleSpaceStarts++;
      if (finished) {
        ended++;
        if (!new RegExp(`^(?:${pattern})$`, 'u').test(text)) {
          throw new Error(`seed ${seed}: ${JSON.stringify(text)} does not match ${pattern} (ids ${ids})`);
        }
      }
    }
    console.log(`${name}: ${ended}/200 runs ended at EOS;`, seen);
    expect(ended).toBeGreaterThan(180);
    expect(seen.partialTokens).toBeGreaterThan(0);
    expect(seen.multiCharTokens).toBeGreaterThan(0);
    if (vocab.stripsLeadingSpace) expect(seen.invisibleSpaceStarts).toBeGreaterThan(0);
  });
});
