import type { GuardSpan } from '../../policy/guard-check.js';
import { regexSpans } from '../regex-spans.js';

// HMRC never allocates D, F, I, Q, U, V as either prefix letter, nor O second, nor these pairs.
const NINO =
  /(?<![A-Za-z0-9])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])(?![A-Za-z0-9])/g;
const UNALLOCATED = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

/** UK National Insurance numbers (`QQ 12 34 56 C`): prefix rules only, there is no check digit. */
export function detectUkNinos(text: string): GuardSpan[] {
  return regexSpans(text, NINO, 'national-id', (m) => !UNALLOCATED.has(m[1]));
}
