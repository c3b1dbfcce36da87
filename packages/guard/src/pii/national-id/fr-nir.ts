import type { GuardSpan } from '../../policy/guard-check.js';
import { regexSpans } from '../regex-spans.js';

// Sex, year, month, department (2A/2B for Corsica), commune, order number, key; spaces between groups optional.
const NIR = /(?<![\w])([1-478]) ?(\d{2}) ?(\d{2}) ?(\d{2}|2[AaBb]) ?(\d{3}) ?(\d{3}) ?(\d{2})(?![\w])/g;

/** Whether a 13-character NIR body has key `key` (97 − body mod 97, Corsica's 2A/2B counted as 19/18). */
export function nirKeyValid(body: string, key: number): boolean {
  const numeric = body.toUpperCase().replace('2A', '19').replace('2B', '18');
  if (!/^\d{13}$/.test(numeric)) return false;
  return 97 - (Number(numeric) % 97) === key;
}

/** French social security numbers (NIR, `1 84 12 76 451 089 46`) with a valid month and key. */
export function detectFrenchNirs(text: string): GuardSpan[] {
  return regexSpans(text, NIR, 'national-id', (m) => {
    const month = Number(m[3]);
    // INSEE uses 20–42 and 50–99 for unknown or provisional months.
    if (!((month >= 1 && month <= 12) || (month >= 20 && month <= 42) || month >= 50)) return false;
    return nirKeyValid(m[1] + m[2] + m[3] + m[4] + m[5] + m[6], Number(m[7]));
  });
}
