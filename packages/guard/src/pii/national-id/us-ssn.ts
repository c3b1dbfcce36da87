import type { GuardSpan } from '../../policy/guard-check.js';
import { hasContext } from '../chars.js';
import { regexSpans } from '../regex-spans.js';

const SSN_WORDS = ['ssn', 'social security', 'soc sec', 'soc. sec', 'ss#', 'ss no'];
// Numbers the SSA has voided after they were printed in advertising, and the usual documentation sample.
const VOIDED = new Set(['078051120', '219099999', '123456789']);

/** Whether area, group and serial are in ranges the SSA issues (no 000, 666 or 9xx area, no 00 group, no 0000). */
export function ssnValid(digits: string): boolean {
  if (digits.length !== 9 || VOIDED.has(digits)) return false;
  const area = digits.slice(0, 3);
  return (
    area !== '000' &&
    area !== '666' &&
    area[0] !== '9' &&
    digits.slice(3, 5) !== '00' &&
    digits.slice(5) !== '0000'
  );
}

const FORMATTED = /(?<![\w-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\w-])/g;
const BARE = /(?<![\w-])\d{9}(?![\w-])/g;

/**
 * US Social Security numbers. `123-45-6789` counts alone; spaced or bare nine digits only next to a label such
 * as "SSN", since nine digits are many things.
 */
export function detectUsSsns(text: string): GuardSpan[] {
  return [
    ...regexSpans(
      text,
      FORMATTED,
      'national-id',
      (m) => ssnValid(m[1] + m[3] + m[4]) && (m[2] === '-' || hasContext(text, m.index, SSN_WORDS)),
    ),
    ...regexSpans(text, BARE, 'national-id', (m) => ssnValid(m[0]) && hasContext(text, m.index, SSN_WORDS)),
  ];
}
