import type { GuardSpan } from '../../policy/guard-check.js';
import { hasContext } from '../chars.js';
import { verhoeffValid } from '../checksums.js';
import { regexSpans } from '../regex-spans.js';

const AADHAAR_WORDS = ['aadhaar', 'aadhar', 'uidai', 'आधार'];
const AADHAAR = /(?<![\w-])([2-9]\d{3})([ -]?)(\d{4})\2(\d{4})(?![\w-])/g;

/**
 * Indian Aadhaar numbers: twelve digits, not starting with 0 or 1, Verhoeff check digit. Grouped `2345 6789 0123`
 * counts alone; twelve bare digits only next to a label such as "Aadhaar".
 */
export function detectAadhaars(text: string): GuardSpan[] {
  return regexSpans(
    text,
    AADHAAR,
    'national-id',
    (m) => verhoeffValid(m[1] + m[3] + m[4]) && (m[2] !== '' || hasContext(text, m.index, AADHAAR_WORDS)),
  );
}
