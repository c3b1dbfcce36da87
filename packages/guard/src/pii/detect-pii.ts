import type { GuardSpan } from '../policy/guard-check.js';
import { detectApiKeys } from './api-key.js';
import { detectCardNumbers } from './card-number.js';
import { detectEmails } from './email.js';
import { detectIbans } from './iban.js';
import { detectIpAddresses } from './ip-address.js';
import { mergeSpans } from './merge-spans.js';
import { detectNationalIds } from './national-id.js';
import { detectPhones } from './phone.js';
import { PII_KINDS, type PiiDetector, type PiiKind } from './pii-kind.js';
import { detectSecrets } from './secret.js';

/** What {@link detectPii} looks for and how. */
export interface PiiDetectOptions {
  /** The kinds to look for (default: all of {@link PII_KINDS}). */
  kinds?: readonly PiiKind[];
  /** Countries whose national phone formats are recognised (see `PhoneOptions.countries`). */
  phoneCountries?: readonly string[];
  /** Also flag documentation values: example.com addresses, loopback and documentation IP ranges. */
  includeReserved?: boolean;
}

const PRIORITY: readonly PiiKind[] = [
  'card-number',
  'iban',
  'national-id',
  'api-key',
  'secret',
  'email',
  'ip-address',
  'phone',
];

/** One detector per kind, configured by `options`. */
export function piiDetectors(options: PiiDetectOptions = {}): Record<PiiKind, PiiDetector> {
  const { includeReserved } = options;
  return {
    email: (text) => detectEmails(text, { includeReserved }),
    phone: (text) => detectPhones(text, { countries: options.phoneCountries }),
    'card-number': detectCardNumbers,
    iban: detectIbans,
    'national-id': detectNationalIds,
    'ip-address': (text) => detectIpAddresses(text, { includeReserved }),
    'api-key': detectApiKeys,
    secret: detectSecrets,
  };
}

/**
 * Personal data and credentials in `text`: sorted, overlapping spans merged, offsets in UTF-16 code units.
 * Every detector runs in time linear in the text.
 */
export function detectPii(text: string, options: PiiDetectOptions = {}): GuardSpan[] {
  const detectors = piiDetectors(options);
  const kinds = new Set(options.kinds ?? PII_KINDS);
  const spans: GuardSpan[] = [];
  // Checksum-backed kinds first: when two detectors claim the same stretch, the merged span keeps the first label.
  for (const kind of PRIORITY) if (kinds.has(kind)) spans.push(...detectors[kind](text));
  return mergeSpans(spans);
}
