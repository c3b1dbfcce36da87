// Character tests on UTF-16 code units: detectors walk strings by index, so a lone surrogate is just a code unit
// that matches nothing (no decoding step that could throw).

export function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

export function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

export function isAsciiAlnum(code: number): boolean {
  return isDigit(code) || isAsciiLetter(code);
}

const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;

/** A letter or digit in any script (BMP only: a surrogate half never counts). */
export function isAlnum(code: number): boolean {
  if (code < 128) return isAsciiAlnum(code);
  if (code >= 0xd800 && code <= 0xdfff) return false;
  return LETTER_OR_NUMBER.test(String.fromCharCode(code));
}

/** A character that continues a word or identifier: a boundary check treats these as "inside". */
export function isWordChar(code: number): boolean {
  return code === 95 || isAlnum(code);
}

/** The code unit at `index`, or -1 outside the string (so boundary checks need no range test). */
export function codeAt(text: string, index: number): number {
  return index >= 0 && index < text.length ? text.charCodeAt(index) : -1;
}

/**
 * Whether one of `words` starts a word in the `window` characters before `start` (lower-cased). Detectors whose
 * values are too plain to flag alone (nine bare digits) use it to require a label such as "SSN" nearby.
 */
export function hasContext(text: string, start: number, words: readonly string[], window = 48): boolean {
  const before = text.slice(Math.max(0, start - window), start).toLowerCase();
  for (const word of words) {
    for (let at = before.indexOf(word); at !== -1; at = before.indexOf(word, at + 1)) {
      // "tel" in "hotel" is not a label.
      if (!isAlnum(codeAt(before, at - 1))) return true;
    }
  }
  return false;
}
