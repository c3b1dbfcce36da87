import { describe, expect, it } from 'vitest';
import { mulberry32, randomInt } from '../../testkit/src/tokenizer/mulberry32.js';
import {
  type CompiledGrammar,
  compileGrammar,
  GrammarConstraint,
  GrammarTokenMasker,
} from '../src/constraints/grammar/index.js';
import { parseGbnf } from '../src/constraints/grammar/parse-gbnf.js';
import { DEAD } from '../src/constraints/regex/byte-automaton.js';
import type { DfaTokenMasker } from '../src/constraints/token-mask/dfa-token-masker.js';
import { TokenVocabulary } from '../src/constraints/token-mask/token-vocabulary.js';
import { type Chart, EarleyReference } from './constraints-grammar-reference.js';
import { ARITHMETIC_GBNF, JSON_GBNF } from './constraints-grammar-samples.js';
import { sentencePieceJson } from './sentencepiece-fixture.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const isSet = (mask: Uint32Array, id: number) => (mask[id >>> 5] & (1 << (id & 31))) !== 0;
const allowedIds = (mask: Uint32Array, width: number) =>
  Array.from({ length: width }, (_, id) => id).filter((id) => isSet(mask, id));
const EOS = 0;

// Whole tokens, multi-byte characters, and pieces of characters (byte-level BPE / <0xNN> fallback).
const PIECES: (string | number[])[] = [
  'a',
  'b',
  'e',
  'n',
  'u',
  'true',
  'null',
  'fal',
  'se',
  '{',
  '}',
  '{"',
  '"}',
  '":',
  '","',
  '"',
  ':',
  ',',
  '[',
  ']',
  '[{',
  '}]',
  ' ',
  '  ',
  '\n',
  ' {',
  '0',
  '1',
  '12',
  '-',
  '.',
  '.5',
  'e+',
  '\\',
  '\\"',
  '\\u',
  '00e9',
  'é',
  '😀',
  '(',
  ')',
  '+',
  '*',
  '/',
  ' + ',
  '(-',
  '))',
  [0xc3],
  [0xa9],
  [0xf0, 0x9f],
  [0x98, 0x80],
  [0xff],
  [0x80],
];
/** The id of the lone byte 0xFF, which valid UTF-8 never holds. */
const FF = 1 + PIECES.findIndex((p) => typeof p !== 'string' && p[0] === 0xff);
const VOCAB = new TokenVocabulary([
  undefined,
  ...PIECES.map((p) => (typeof p === 'string' ? utf8(p) : Uint8Array.from(p))),
]);

/** The mask by definition: feed each token's bytes to the recognizer on its own. */
function bruteForce(masker: DfaTokenMasker, state: number): number[] {
  const out: number[] = [];
  for (let id = 0; id < VOCAB.width; id++) {
    if (id === EOS ? masker.isAccepting(state) : masker.advance(state, id) !== DEAD) out.push(id);
  }
  return out;
}

const strict = new TextDecoder('utf-8', { fatal: true });

function isWhole(bytes: number[]): boolean {
  try {
    strict.decode(Uint8Array.from(bytes));
    return true;
  } catch {
    return false;
  }
}

describe('GrammarTokenMasker', () => {
  it.each([
    ['json', JSON_GBNF],
    ['arithmetic', ARITHMETIC_GBNF],
  ])('%s: masks match brute force and an independent parser along random paths', (_, source) => {
    const shared = new GrammarTokenMasker(compileGrammar(source), VOCAB, { eosIds: [EOS] });
    const masker = shared.acquire();
    const reference = new EarleyReference(parseGbnf(source));
    const random = mulberry32(9);
    let checked = 0;
    for (let path = 0; path < 40; path++) {
      let state = masker.start;
      let bytes: number[] = [];
      let chart: Chart | undefined = reference.chart('');
      for (let step = 0; step < 25; step++) {
        const allowed = allowedIds(masker.mask(state), VOCAB.width);
        expect(allowed).toEqual(bruteForce(masker, state));
        // Where the text so far and the token are whole characters, ask the Earley parser too.
        for (let id = 1; id < VOCAB.width && chart !== undefined; id++) {
          const token = VOCAB.bytesOf(id)!;
          if (!isWhole([...token])) continue;
          const viable = reference.extend(chart, strict.decode(token)) !== undefined;
          expect(
            allowed.includes(id),
            `${JSON.stringify(strict.decode(Uint8Array.from([...bytes, ...token])))}`,
          ).toBe(viable);
          checked++;
        }
        expect(allowed.includes(EOS)).toBe(masker.isAccepting(state));
        const tokens = allowed.filter((id) => id !== EOS);
        if (tokens.length === 0) break;
        const id = tokens[randomInt(random, tokens.length)];
        bytes = [...bytes, ...VOCAB.bytesOf(id)!];
        if (!isWhole(bytes)) chart = undefined;
        else if (chart !== undefined) chart = reference.extend(chart, strict.decode(VOCAB.bytesOf(id)!));
        else chart = reference.chart(strict.decode(Uint8Array.from(bytes)));
        if (isWhole(bytes)) expect(chart).toBeDefined();
        state = masker.advance(state, id);
        expect(state).not.toBe(DEAD);
      }
    }
    expect(checked).toBeGreaterThan(5_000);
  });

  it('allows a piece of a character, then only its continuation', () => {
    const grammar = compileGrammar('root ::= [é😀]+');
    const masker = new GrammarTokenMasker(grammar, VOCAB, { eosIds: [EOS] }).acquire();
    const id = (p: string | number[]) => 1 + PIECES.findIndex((q) => JSON.stringify(q) === JSON.stringify(p));
    expect(allowedIds(masker.mask(masker.start), VOCAB.width)).toEqual(
      [id('é'), id('😀'), id([0xc3]), id([0xf0, 0x9f])].sort((a, b) => a - b),
    );
    const half = masker.advance(masker.start, id([0xf0, 0x9f]));
    expect(allowedIds(masker.mask(half), VOCAB.width)).toEqual([id([0x98, 0x80])]);
    const done = masker.advance(half, id([0x98, 0x80]));
    expect(masker.isAccepting(done)).toBe(true);
    expect(isSet(masker.mask(done), EOS)).toBe(true);
  });

  it('drops the leading space a SentencePiece decoder strips, for the first token only', () => {
    // Ids 3 to 8, after the three special pieces.
    const json = sentencePieceJson(['{', '▁{', '▁▁{', 'a', '▁a', '}'], { byteFallback: false });
    const vocab = TokenVocabulary.fromTokenizerJson(json);
    expect(vocab.stripsLeadingSpace).toBe(true);
    const masker = new GrammarTokenMasker(compileGrammar('root ::= "{" ( " "? "a" )* "}"'), vocab, {
      eosIds: [2],
    }).acquire();
    // '{' and '▁{' (shown as '{'), not '▁▁{' (shown as ' {').
    expect(allowedIds(masker.mask(masker.start), vocab.width)).toEqual([3, 4]);
    const open = masker.advance(masker.start, 4);
    // Later, '▁a' is a real space.
    expect(allowedIds(masker.mask(open), vocab.width)).toEqual([6, 7, 8]);
  });

  it('shares masks across requests, and renews its tables once they grow past the limit', () => {
    const grammar = compileGrammar(JSON_GBNF);
    const shared = new GrammarTokenMasker(grammar, VOCAB, { eosIds: [EOS] });
    const ids = ['{"', 'a', '":', '12', '}'].map((p) => 1 + PIECES.indexOf(p));
    const generate = (constraint: GrammarConstraint) => {
      for (const id of ids) {
        const logits = new Float32Array(VOCAB.width);
        constraint.mask(logits);
        expect(logits[id]).toBe(0);
        expect(logits[FF]).toBe(Number.NEGATIVE_INFINITY);
        expect(constraint.complete).toBe(false);
        constraint.accept(id);
      }
      const logits = new Float32Array(VOCAB.width);
      constraint.mask(logits);
      expect(logits[EOS]).toBe(0);
      expect(constraint.complete).toBe(true);
    };
    generate(new GrammarConstraint(shared));
    const computed = shared.stats.computed;
    generate(new GrammarConstraint(shared));
    expect(shared.stats.computed).toBe(computed);
    expect(shared.stats.cached).toBeGreaterThanOrEqual(ids.length + 1);

    // Past the limit, a new request gets fresh tables; one already running keeps its own.
    const small = new GrammarTokenMasker(grammar, VOCAB, { eosIds: [EOS], renewAfterStates: 1 });
    const running = new GrammarConstraint(small);
    const first = small.automaton;
    running.accept(ids[0]);
    running.accept(ids[1]);
    const next = new GrammarConstraint(small);
    expect(small.automaton).not.toBe(first);
    for (const id of ids.slice(2)) running.accept(id);
    expect(running.complete).toBe(true);
    generate(next);
  });

  it('can be built straight from a compiled grammar, and breaks on a token it did not allow', () => {
    const grammar: CompiledGrammar = compileGrammar('root ::= "a" "b"?');
    const constraint = new GrammarConstraint(grammar, VOCAB, { eosIds: [EOS] });
    const logits = new Float32Array(VOCAB.width);
    constraint.mask(logits);
    expect([...logits.keys()].filter((i) => logits[i] === 0)).toEqual([1 + PIECES.indexOf('a')]);
    constraint.accept(1 + PIECES.indexOf('a'));
    expect(constraint.complete).toBe(true);
    constraint.accept(1 + PIECES.indexOf('}'));
    expect(constraint.complete).toBe(false);
    constraint.mask(logits.fill(0));
    expect(logits.every((x) => x === Number.NEGATIVE_INFINITY)).toBe(true);
  });
});
