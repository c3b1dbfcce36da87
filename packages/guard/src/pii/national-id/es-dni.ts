import type { GuardSpan } from '../../policy/guard-check.js';
import { regexSpans } from '../regex-spans.js';

const LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** The control letter of a DNI number (or of an NIE with X/Y/Z already replaced by 0/1/2). */
export function dniLetter(number: string): string {
  return LETTERS[Number(number) % 23];
}

const DNI = /(?<![A-Za-z0-9])(\d{8})[- ]?([A-Za-z])(?![A-Za-z0-9])/g;
const NIE = /(?<![A-Za-z0-9])([XYZxyz])[- ]?(\d{7})[- ]?([A-Za-z])(?![A-Za-z0-9])/g;

/** Spanish DNI (`12345678Z`) and NIE (`X1234567L`) numbers whose control letter matches. */
export function detectSpanishIds(text: string): GuardSpan[] {
  return [
    ...regexSpans(text, DNI, 'national-id', (m) => dniLetter(m[1]) === m[2].toUpperCase()),
    ...regexSpans(
      text,
      NIE,
      'national-id',
      (m) => dniLetter('XYZ'.indexOf(m[1].toUpperCase()) + m[2]) === m[3].toUpperCase(),
    ),
  ];
}
