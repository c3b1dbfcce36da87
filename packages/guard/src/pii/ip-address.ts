import type { GuardSpan } from '../policy/guard-check.js';
import { codeAt, hasContext, isDigit, isWordChar } from './chars.js';

/** Options of {@link detectIpAddresses}. */
export interface IpAddressOptions {
  /**
   * Also flag addresses that identify nobody: unspecified, loopback, broadcast, and the documentation ranges
   * (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32). Off by default.
   */
  includeReserved?: boolean;
}

function isHex(code: number): boolean {
  return isDigit(code) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

/** The four octets of a strict dotted quad (no leading zeros, each ≤ 255), or undefined. */
export function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const octets: number[] = [];
  for (const part of parts) {
    if (!/^(?:0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    octets.push(value);
  }
  return octets;
}

function reservedIpv4([a, b, c, d]: number[]): boolean {
  return (
    // All single digits: section numbers and four-part versions (4.2.1.3) far more often than hosts; the few
    // real ones (1.1.1.1, 8.8.8.8) are public resolvers, which identify nobody.
    (a < 10 && b < 10 && c < 10 && d < 10) ||
    a === 0 ||
    a === 127 ||
    a === 255 ||
    (a === 192 && b === 0 && c === 2) ||
    (a === 198 && b === 51 && c === 100) ||
    (a === 203 && b === 0 && c === 113)
  );
}

/** Whether `text` is an IPv6 address (RFC 4291 text forms, with at most one `::` and an optional IPv4 tail). */
export function isIpv6(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  let groups = 0;
  for (let h = 0; h < halves.length; h++) {
    if (halves[h] === '') continue;
    const parts = halves[h].split(':');
    for (let p = 0; p < parts.length; p++) {
      const part = parts[p];
      const last = h === halves.length - 1 && p === parts.length - 1;
      if (last && part.includes('.')) {
        if (!parseIpv4(part)) return false;
        groups += 2;
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(part)) groups++;
      else return false;
    }
  }
  return halves.length === 2 ? groups <= 7 : groups === 8;
}

const VERSION_WORDS = [
  'version',
  'ver.',
  'release',
  'build',
  'firmware',
  'patch',
  'oid',
  'section',
  'chapter',
  '§',
];

/**
 * IPv4 and IPv6 addresses. Maximal runs of address characters are cut once and checked strictly, so the scan is
 * linear; dotted runs with more than four parts (OIDs, build numbers) and labelled versions are not addresses.
 */
export function detectIpAddresses(text: string, options: IpAddressOptions = {}): GuardSpan[] {
  const spans: GuardSpan[] = [];
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (!(isHex(code) || code === 58)) {
      i++;
      continue;
    }
    // A maximal run of hex digits, colons and dots; a letter or digit before it means we are inside a word.
    let j = i;
    let colons = 0;
    let dots = 0;
    while (j < text.length) {
      const c = text.charCodeAt(j);
      if (c === 58) colons++;
      else if (c === 46) dots++;
      else if (!isHex(c)) break;
      j++;
    }
    // Most runs are words made of a–f or plain numbers: neither kind of address.
    if (colons < 2 && dots < 3) {
      i = j;
      continue;
    }
    const inWord = isWordChar(codeAt(text, i - 1)) || isWordChar(codeAt(text, j));
    let end = j;
    // Sentence punctuation after an address is not part of it (but `::` is).
    if (codeAt(text, end - 1) === 46) end--;
    else if (codeAt(text, end - 1) === 58 && codeAt(text, end - 2) !== 58) end--;
    const candidate = text.slice(i, end);
    if (!inWord && candidate.length <= 45 && colons >= 2 && isIpv6(candidate)) {
      const lower = candidate.toLowerCase();
      const hexDigits = candidate.replace(/[^0-9A-Fa-f]/g, '').length;
      const reserved = lower === '::' || lower === '::1' || /^2001:0?db8:/.test(lower);
      // `a::b` and `abc::def` read like code, not addresses.
      if (hexDigits >= 4 && /\d/.test(candidate) && (options.includeReserved || !reserved))
        spans.push({ start: i, end, label: 'ip-address' });
    } else if (dots >= 3) {
      // IPv4, alone or between colons (`host:10.0.0.1`, `10.0.0.1:8080`).
      let from = i;
      for (const part of candidate.split(':')) {
        const octets = part.length <= 15 ? parseIpv4(part) : undefined;
        if (
          octets &&
          !isWordChar(codeAt(text, from - 1)) &&
          !isWordChar(codeAt(text, from + part.length)) &&
          (options.includeReserved || !reservedIpv4(octets)) &&
          !hasContext(text, from, VERSION_WORDS, 16)
        )
          spans.push({ start: from, end: from + part.length, label: 'ip-address' });
        from += part.length + 1;
      }
    }
    i = j;
  }
  return spans;
}
