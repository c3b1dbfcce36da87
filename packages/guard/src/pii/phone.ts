import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { GuardSpan } from '../policy/guard-check.js';
import { codeAt, hasContext, isDigit, isWordChar } from './chars.js';

/** Options of {@link detectPhones}. */
export interface PhoneOptions {
  /**
   * ISO 3166 codes of the countries whose national formats (`020 7946 0123`, `(201) 555-0123`) are recognised.
   * International numbers (`+44 …`, `0044 …`) are recognised for every country. Default
   * {@link DEFAULT_PHONE_COUNTRIES}.
   */
  countries?: readonly string[];
}

/** The national formats recognised by default. */
export const DEFAULT_PHONE_COUNTRIES: readonly string[] = [
  'US',
  'GB',
  'DE',
  'FR',
  'ES',
  'IT',
  'NL',
  'IN',
  'AU',
];

// Labels that make a bare digit run a phone number, and labels that make a formatted one something else.
const PHONE_WORDS = [
  'phone',
  'tel',
  'call',
  'mobile',
  'cell',
  'fax',
  'whatsapp',
  'sms',
  'text me',
  'reach me',
  'ring',
  'mob',
  'contact',
  'handy',
  'telefon',
  'téléphone',
  'portable',
  'teléfono',
  'móvil',
  'movil',
  'telefono',
  'cellulare',
  'bellen',
  'appelle',
  'llama',
  'chiama',
  'anrufen',
];
const OTHER_NUMBER_WORDS = [
  'order',
  'invoice',
  'tracking',
  'account',
  'acct',
  'ref',
  'isbn',
  'issn',
  'sku',
  'serial',
  'ticket',
  'case',
  'transaction',
  'txn',
  'booking',
  'confirmation',
  'item',
  'part',
  'batch',
  'lot',
  'version',
  'build',
  'pin',
  'otp',
  'code',
  'id',
  'po',
  'no.',
  'nr.',
  'page',
  'pages',
  'zip',
  'postcode',
  'iban',
  'bic',
  'ssn',
  'bsn',
];

// Shapes that are dates, year ranges, addresses or thousands, whatever libphonenumber thinks of their digits.
const NOT_PHONE = [
  /^\d{4}[-./]\d{1,2}[-./]\d{1,2}$/,
  /^\d{3}-\d{2}-\d{4}$/, // US SSN
  /^\d+\.\d+$/, // a decimal
  /^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$/,
  /^(?:1[6-9]|20)\d\d ?[-/] ?(?:1[6-9]|20)\d\d$/,
  /^\d{1,3}(?:\.\d{1,3}){3}$/,
  /^\d{1,3}(?:[.,]\d{3})+$/,
];

const SEPARATORS = new Set([32, 45, 46, 47, 40, 41, 0xa0]); // space - . / ( ) nbsp
const CURRENCY = /[$€£¥₹₽₩¢%]/;

// Parsing with full metadata costs ~10–60 µs; repeated candidates (a stream re-scanning its window) hit a cache.
const cache = new Map<string, { national: string } | null>();
const CACHE_LIMIT = 4096;

function parse(digits: string, country: CountryCode | undefined): { national: string } | null {
  const key = `${country ?? '+'}:${digits}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const number = parsePhoneNumberFromString(digits, country ? { defaultCountry: country } : undefined);
  const result = number?.isValid() ? { national: number.formatNational() } : null;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, result);
  return result;
}

/** Where digit groups end, counted from the last digit: `415-555-2671` → {4, 7}. Prefixes don't matter. */
function groupEnds(formatted: string): Set<number> {
  const ends = new Set<number>();
  let digits = 0;
  for (let i = formatted.length - 1; i >= 0; i--) {
    if (isDigit(formatted.charCodeAt(i))) digits++;
    else if (digits > 0 && isDigit(codeAt(formatted, i - 1))) ends.add(digits);
  }
  return ends;
}

interface Run {
  end: number;
  /** The digits (only the first 18 are kept: longer runs are never phone numbers). */
  digits: string;
  count: number;
  separated: boolean;
}

/** The phone-shaped run starting at `start`: digits with single separators (a bracket may join a space). */
function scanRun(text: string, start: number): Run {
  let digits = '';
  let count = 0;
  let end = start;
  let separated = false;
  let seps = 0;
  let i = start;
  if (text.charCodeAt(i) === 43) i++; // a leading +
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isDigit(code)) {
      if (++count <= 18) digits += text[i];
      end = i + 1;
      seps = 0;
    } else if (SEPARATORS.has(code)) {
      seps++;
      if (seps > 2 || (seps === 2 && !(code === 40 || code === 41 || text.charCodeAt(i - 1) === 41))) break;
      if (digits.length > 0) separated = true;
    } else break;
  }
  return { end, digits, count, separated };
}

/**
 * Phone numbers: a linear scan for digit runs with phone punctuation, validated with libphonenumber-js's full
 * metadata. International numbers count when valid. National ones must also be labelled ("tel", "call me") or
 * written with the grouping the country itself uses, and never look like dates, years, prices or addresses, so
 * order numbers, ISBNs and timestamps stay unflagged.
 */
export function detectPhones(text: string, options: PhoneOptions = {}): GuardSpan[] {
  // Wrapped: passed bare, filter's index would reach isSupportedCountry as its metadata argument.
  const countries = (options.countries ?? DEFAULT_PHONE_COUNTRIES).filter((c): c is CountryCode =>
    isSupportedCountry(c),
  );
  const spans: GuardSpan[] = [];
  // Failed parses (~20 µs each) are the cost a crafted text can force: past this budget, linear in the length,
  // candidates are no longer parsed. Successful parses are free: each one is a phone number found.
  let budget = 256 + (text.length >> 6);
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (!(isDigit(code) || code === 43 || code === 40)) {
      i++;
      continue;
    }
    const prev = codeAt(text, i - 1);
    const run = scanRun(text, i);
    const start = i;
    const next = Math.max(run.end, i + 1);
    const boundary = !isWordChar(prev) && prev !== 46 && prev !== 44 && !isWordChar(codeAt(text, run.end));
    if (!boundary || run.count < 7 || run.count > 15) {
      i = next;
      continue;
    }
    const candidate = text.slice(start, run.end);
    const around = text.slice(Math.max(0, start - 2), start) + text.slice(run.end, run.end + 2);
    if (NOT_PHONE.some((shape) => shape.test(candidate)) || CURRENCY.test(around) || prev === 35) {
      i = next;
      continue;
    }
    const labelled = hasContext(text, start, PHONE_WORDS, 32);
    let found = false;
    const international = code === 43 || (run.digits.startsWith('00') && run.separated);
    if (international) {
      const digits = code === 43 ? run.digits : run.digits.slice(2);
      if (budget > 0) found = parse(`+${digits}`, undefined) !== null;
      if (!found) budget--;
    } else if (
      (labelled || run.separated) &&
      !(hasContext(text, start, OTHER_NUMBER_WORDS, 24) && !labelled)
    ) {
      const ends = groupEnds(candidate);
      for (const country of countries) {
        if (budget <= 0) break;
        const parsed = parse(run.digits, country);
        if (!parsed) {
          budget--;
          continue;
        }
        const formatEnds = groupEnds(parsed.national);
        if (labelled || (ends.size > 0 && [...ends].every((end) => formatEnds.has(end)))) {
          found = true;
          break;
        }
      }
    }
    if (found) spans.push({ start, end: run.end, label: 'phone' });
    i = next;
  }
  return spans;
}
