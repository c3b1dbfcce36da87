import type { GuardSpan } from '../../policy/guard-check.js';
import { regexSpans } from '../regex-spans.js';

// Surname, name, year, month letter, day (+40 for women), birthplace, control letter. Digits may be replaced by
// L–V (omocodia) when two people would otherwise share a code.
const CODICE =
  /(?<![A-Za-z0-9])[A-Z]{6}[0-9LMNP-V]{2}[ABCDEHLMPRST][0-9LMNP-V]{2}[A-Z][0-9LMNP-V]{3}[A-Z](?![A-Za-z0-9])/gi;

// Values of characters in odd positions (1st, 3rd, …); digits count as the letter at the same index.
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

/** The control letter of the first 15 characters of a codice fiscale. */
export function codiceFiscaleControl(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const code = first15.charCodeAt(i);
    const index = code <= 57 ? code - 48 : code - 65;
    sum += i % 2 === 0 ? ODD[index] : index;
  }
  return String.fromCharCode(65 + (sum % 26));
}

/** Italian tax codes (codice fiscale) with a valid control letter. */
export function detectCodiciFiscali(text: string): GuardSpan[] {
  return regexSpans(text, CODICE, 'national-id', (m) => {
    const code = m[0].toUpperCase();
    return codiceFiscaleControl(code.slice(0, 15)) === code[15];
  });
}
