import { LATIN_CODES, MIXED_SCRIPT_CODES } from './confusables.js';
import { isLetterCode } from './fold-characters.js';
import { isLeetCode, type LeetOne, leetLetterCode } from './leetspeak.js';
import { findSpacedRun, segmentWords, VOCABULARY } from './letter-spacing.js';
import { type MappedText, MappedTextBuilder } from './mapped-text.js';

/** How `foldWords` reads ambiguous characters. */
export interface FoldWordsOptions {
  /** What `1` reads as inside words (leetspeak). */
  readonly one: LeetOne;
  /** Most letters of the text are Latin: whole words spelled only with look-alikes are folded too. */
  readonly latinDominant: boolean;
}

/** The word-level view, and whether a `1` was read as a letter (so a view with the other reading is worth making). */
export interface FoldedWords {
  readonly mapped: MappedText;
  readonly readOne: boolean;
}

const SPACE = 0x20;

/**
 * The second folding pass, over words of the character-folded text: homoglyphs to Latin (inside words that are not
 * plainly in their own script), leetspeak inside words that have letters, letter-spaced words joined (and split into
 * words when they were spaced letter by letter), whitespace runs collapsed to one space. One forward pass.
 */
export function foldWords(input: MappedText, options: FoldWordsOptions): FoldedWords {
  const { text, starts, ends } = input;
  const out = new MappedTextBuilder(text.length + 8);
  const one = options.one;
  let readOne = false;
  // Whitespace runs become one space; everything else outside words is kept.
  const emitOther = (k: number) => {
    const code = text.charCodeAt(k);
    if (code !== SPACE || out.lastCode() !== SPACE) out.push(code, starts[k], ends[k]);
  };
  const emitToken = (from: number, to: number, allowLeet: boolean) => {
    let latin = 0;
    let leet = false;
    let foreign = 0;
    let foreignConfusable = 0;
    for (let k = from; k < to; k++) {
      const c = text.charCodeAt(k);
      if (c >= 0x61 && c <= 0x7a) latin++;
      else if (c < 0x80) leet ||= isLeetCode(c);
      else if (isLetterCode(c)) {
        foreign++;
        if (MIXED_SCRIPT_CODES.has(c) || LATIN_CODES.has(c)) foreignConfusable++;
      }
    }
    // A word spelled only with look-alikes is folded when the text around it is mostly Latin.
    const foldScripts =
      foreignConfusable > 0 && (latin > 0 || (options.latinDominant && foreignConfusable === foreign));
    // Two letters at least: "4ll" and "y0ur" are words, "x41" and "0x1f" are numbers.
    const readLeet = allowLeet && leet && latin + foreignConfusable >= 2;
    if (foreign === 0 && !readLeet) {
      for (let k = from; k < to; k++) out.push(text.charCodeAt(k), starts[k], ends[k]);
      return;
    }
    const codes: number[] = [];
    let ones = false;
    for (let k = from; k < to; k++) {
      let c = text.charCodeAt(k);
      if (foldScripts) c = MIXED_SCRIPT_CODES.get(c) ?? c;
      c = LATIN_CODES.get(c) ?? c;
      // `@` and `$` opening a word are a mention or a variable, not leetspeak.
      if (readLeet && isLeetCode(c) && !(k === from && (c === 0x40 || c === 0x24))) {
        if (c === 0x31) ones = true;
        else c = leetLetterCode(c, one);
      }
      codes.push(c);
    }
    if (ones && codes.length <= 14) {
      // `1` is `i` in "1gnore" and `l` in "ru1es": take the reading that is a known word, else the view's own.
      const other = one === 'i' ? 'l' : 'i';
      const word = String.fromCharCode(...codes);
      const mine = word.replaceAll('1', one);
      const theirs = word.replaceAll('1', other);
      const use = !VOCABULARY.has(mine) && VOCABULARY.has(theirs) ? other : one;
      for (let r = 0; r < codes.length; r++) if (codes[r] === 0x31) codes[r] = use.charCodeAt(0);
    } else if (ones) {
      for (let r = 0; r < codes.length; r++) if (codes[r] === 0x31) codes[r] = one.charCodeAt(0);
    }
    readOne ||= ones;
    for (let r = 0; r < codes.length; r++) out.push(codes[r], starts[from + r], ends[from + r]);
  };

  for (let i = 0; i < text.length; ) {
    if (!isWordCode(text.charCodeAt(i))) {
      emitOther(i);
      i++;
      continue;
    }
    let end = i + 1;
    while (end < text.length && isWordCode(text.charCodeAt(end))) end++;
    if (end - i > 1) {
      emitToken(i, end, true);
      i = end;
      continue;
    }
    const run = findSpacedRun(text, i, isWordCode);
    let letters = 0;
    for (const t of run.tokens) if (isLetterCode(text.charCodeAt(t))) letters++;
    if (run.tokens.length < 4 || letters < 3) {
      // Not a spaced word: emit what was scanned as ordinary text, so nothing is scanned twice.
      for (let r = 0; r < run.tokens.length; r++) {
        if (r > 0) for (let g = run.gapStarts[r - 1]; g < run.tokens[r]; g++) emitOther(g);
        emitToken(run.tokens[r], run.tokens[r] + 1, false);
      }
    } else if (emitSpacedRun(input, run.tokens, run.gapStarts, options, out)) {
      readOne = true;
    }
    i = run.tokens[run.tokens.length - 1] + 1;
  }
  return { mapped: out.build(), readOne };
}

/** Joins a letter-spaced run; gaps unlike the run's usual gap become word breaks. Returns whether a `1` was read. */
function emitSpacedRun(
  input: MappedText,
  tokens: number[],
  gapStarts: number[],
  options: FoldWordsOptions,
  out: MappedTextBuilder,
): boolean {
  const { text, starts, ends } = input;
  const gaps = gapStarts.map((g, r) => text.slice(g, tokens[r + 1]));
  const counts = new Map<string, number>();
  let usual = gaps[0];
  for (const gap of gaps) {
    const count = (counts.get(gap) ?? 0) + 1;
    counts.set(gap, count);
    if (count > (counts.get(usual) ?? 0)) usual = gap;
  }
  let hasLatin = false;
  for (const t of tokens) {
    const c = text.charCodeAt(t);
    if (c >= 0x61 && c <= 0x7a) hasLatin = true;
  }
  const foldScripts = hasLatin || options.latinDominant;
  const codes: number[] = [];
  let readOne = false;
  for (const t of tokens) {
    let c = text.charCodeAt(t);
    if (foldScripts) c = MIXED_SCRIPT_CODES.get(c) ?? c;
    c = LATIN_CODES.get(c) ?? c;
    if (isLeetCode(c)) {
      if (c === 0x31) readOne = true;
      c = leetLetterCode(c, options.one);
    }
    codes.push(c);
  }
  const breaks = new Set<number>();
  for (let r = 0; r < gaps.length; r++) if (gaps[r] !== usual) breaks.add(r + 1);
  if (breaks.size === 0 && codes.length <= 256)
    for (const s of segmentWords(String.fromCharCode(...codes))) breaks.add(s);
  for (let r = 0; r < tokens.length; r++) {
    // A word break points at the gap it replaces.
    if (breaks.has(r)) out.push(SPACE, starts[gapStarts[r - 1]], ends[tokens[r] - 1]);
    out.push(codes[r], starts[tokens[r]], ends[tokens[r]]);
  }
  return readOne;
}

const WORD_MARK = /[\p{L}\p{M}\p{N}]/u;
const wordMemo = new Map<number, boolean>();

/** Letters, marks, digits, and the leet characters `@` and `$`. */
export function isWordCode(code: number): boolean {
  if (code < 0x80) {
    return (
      (code >= 0x61 && code <= 0x7a) ||
      (code >= 0x30 && code <= 0x39) ||
      (code >= 0x41 && code <= 0x5a) ||
      code === 0x40 ||
      code === 0x24
    );
  }
  if (code >= 0xd800 && code <= 0xdfff) return true;
  let word = wordMemo.get(code);
  if (word === undefined) {
    word = WORD_MARK.test(String.fromCharCode(code));
    wordMemo.set(code, word);
  }
  return word;
}
