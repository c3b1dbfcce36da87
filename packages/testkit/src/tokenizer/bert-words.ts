/** CJK ideograph blocks BERT isolates as one-character words (`handle_chinese_chars`); kana and hangul are not. */
const CJK_RANGES: readonly [number, number][] = [
  [0x4e00, 0x9fff],
  [0x3400, 0x4dbf],
  [0x20000, 0x2a6df],
  [0x2a700, 0x2b73f],
  [0x2b740, 0x2b81f],
  [0x2b820, 0x2ceaf],
  [0xf900, 0xfaff],
  [0x2f800, 0x2fa1f],
];

function isCjk(cp: number): boolean {
  return CJK_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi);
}

/** BERT's punctuation: ASCII punctuation (so `$`, `^`, `` ` `` too) or any Unicode P* character. */
function isPunctuation(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  return (cp >= 33 && cp <= 47) ||
    (cp >= 58 && cp <= 64) ||
    (cp >= 91 && cp <= 96) ||
    (cp >= 123 && cp <= 126)
    ? true
    : /\p{P}/u.test(ch);
}

/**
 * The words BERT's tokenizer sees in `text`: what `BertNormalizer` (clean text, space around CJK ideographs, strip
 * accents, lowercase) and `BertPreTokenizer` (split on whitespace, punctuation on its own) make of it. Used to
 * train the fixture's WordPiece vocabulary on the words the real pipeline will look up.
 */
export function bertWords(text: string): string[] {
  let cleaned = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (/\s/u.test(ch)) cleaned += ' ';
    // Control, format, unassigned and private-use characters are dropped, as `clean_text` does.
    else if (cp === 0 || cp === 0xfffd || /[\p{Cc}\p{Cf}\p{Cn}\p{Co}]/u.test(ch)) continue;
    else cleaned += isCjk(cp) ? ` ${ch} ` : ch;
  }
  const normalized = cleaned
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase();
  const words: string[] = [];
  for (const chunk of normalized.split(' ')) {
    let word = '';
    for (const ch of chunk) {
      if (isPunctuation(ch)) {
        if (word) words.push(word);
        words.push(ch);
        word = '';
      } else word += ch;
    }
    if (word) words.push(word);
  }
  return words;
}
