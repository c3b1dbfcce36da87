import type { GuardSpan } from '../policy/guard-check.js';

/** The kinds of personal data and credentials the PII detectors find; each is also the label of its spans. */
export const PII_KINDS = [
  'email',
  'phone',
  'card-number',
  'iban',
  'national-id',
  'ip-address',
  'api-key',
  'secret',
] as const;

/** One kind of personal data or credential (`email`, `card-number`, `api-key`, …). */
export type PiiKind = (typeof PII_KINDS)[number];

/** A detector: the spans it finds in a text, in UTF-16 offsets, in any order. */
export type PiiDetector = (text: string) => GuardSpan[];
