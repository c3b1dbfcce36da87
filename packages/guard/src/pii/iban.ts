import type { GuardSpan } from '../policy/guard-check.js';
import { codeAt, isAlnum, isAsciiAlnum, isAsciiLetter, isDigit } from './chars.js';
import { mod97 } from './checksums.js';

// IBAN length per country, from the SWIFT IBAN registry.
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BI: 27,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DJ: 27,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FK: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HN: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  LY: 25,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MN: 20,
  MR: 27,
  MT: 31,
  MU: 30,
  NI: 28,
  NL: 18,
  NO: 15,
  OM: 23,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  RU: 33,
  SA: 24,
  SC: 31,
  SD: 18,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  SO: 23,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
  YE: 30,
};

/** Whether `iban` (letters and digits only, any case) has its country's length and passes mod 97. */
export function ibanValid(iban: string): boolean {
  const upper = iban.toUpperCase();
  const length = IBAN_LENGTHS[upper.slice(0, 2)];
  if (length === undefined || upper.length !== length) return false;
  const check = upper.slice(2, 4);
  if (check === '00' || check === '01' || check === '99') return false;
  return mod97(upper.slice(4) + upper.slice(0, 4)) === 1;
}

/**
 * IBANs, electronic (`DE89370400440532013000`) or printed in groups of four (`DE89 3704 0044 0532 0130 00`).
 * Each candidate starts at a country code followed by two digits at a word start and reads at most its country's
 * length in letters and digits, so the scan is linear.
 */
export function detectIbans(text: string): GuardSpan[] {
  const spans: GuardSpan[] = [];
  let i = 0;
  while (i + 4 <= text.length) {
    const startsHere =
      isAsciiLetter(text.charCodeAt(i)) &&
      isAsciiLetter(text.charCodeAt(i + 1)) &&
      isDigit(text.charCodeAt(i + 2)) &&
      isDigit(text.charCodeAt(i + 3)) &&
      !isAlnum(codeAt(text, i - 1));
    const length = startsHere ? IBAN_LENGTHS[text.slice(i, i + 2).toUpperCase()] : undefined;
    if (length === undefined) {
      i++;
      continue;
    }
    let compact = '';
    let j = i;
    while (j < text.length && compact.length < length) {
      const code = text.charCodeAt(j);
      if (isAsciiAlnum(code)) compact += text[j];
      // Printed IBANs separate groups with single spaces.
      else if (!(code === 32 && compact.length > 0 && isAsciiAlnum(codeAt(text, j + 1)))) break;
      j++;
    }
    if (compact.length === length && !isAlnum(codeAt(text, j)) && ibanValid(compact)) {
      spans.push({ start: i, end: j, label: 'iban' });
      i = j;
    } else i++;
  }
  return spans;
}
