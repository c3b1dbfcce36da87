import type { GuardSpan } from '../../policy/guard-check.js';
import { hasContext } from '../chars.js';
import { regexSpans } from '../regex-spans.js';

const BSN_WORDS = ['bsn', 'burgerservicenummer', 'sofinummer', 'sofi-nummer', 'citizen service number'];
const BSN = /(?<![\w.-])\d[\d. ]{7,10}\d(?![\w-]|\.\d)/g; // a full stop may end the sentence

/** The Dutch "11-check": 9·d1 + 8·d2 + … + 2·d8 − d9 is a multiple of 11. */
export function bsnValid(digits: string): boolean {
  if (!/^\d{9}$/.test(digits) || digits === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * (digits.charCodeAt(i) - 48);
  sum -= digits.charCodeAt(8) - 48;
  return sum % 11 === 0;
}

/**
 * Dutch citizen service numbers (BSN). One random nine-digit number in eleven passes the 11-check, so a label
 * such as "BSN" must be nearby.
 */
export function detectDutchBsns(text: string): GuardSpan[] {
  return regexSpans(
    text,
    BSN,
    'national-id',
    (m) => bsnValid(m[0].replace(/[. ]/g, '')) && hasContext(text, m.index, BSN_WORDS),
  );
}
