import type { GuardSpan } from '../policy/guard-check.js';
import { codeAt, isAlnum } from './chars.js';

/** Options of {@link detectEmails}. */
export interface EmailOptions {
  /**
   * Also flag addresses at domains reserved for documentation (RFC 2606 / 6761: example.com/.net/.org, `.example`,
   * `.test`, `.invalid`, `.localhost`). Off by default: nobody receives mail there, and docs are full of them.
   */
  includeReserved?: boolean;
}

const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;

// A practical local-part alphabet: RFC 5322 allows more (`/`, `=`, `?`, …) but then query strings and paths
// would be swallowed into the address.
function isLocalChar(code: number): boolean {
  return code === 46 || code === 95 || code === 37 || code === 43 || code === 45 || isAlnum(code);
}

function isDomainChar(code: number): boolean {
  return code === 46 || code === 45 || isAlnum(code);
}

const TLD = /^(?:xn--[a-z0-9-]+|\p{L}{2,63})$/u;
const RESERVED = /(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid|localhost)$/;

function validDomain(domain: string): boolean {
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  for (const label of labels) {
    if (label.length === 0 || label.length > 63) return false;
    if (label.startsWith('-') || label.endsWith('-')) return false;
  }
  // Letters only: rejects `react@18.2.0` and `user@10.0.0.1`.
  return TLD.test(labels[labels.length - 1]);
}

/**
 * Email addresses. Anchored on each `@` and widened left and right with bounded walks that stop at the previous
 * or next `@`, so the work is linear in the text whatever its shape.
 */
export function detectEmails(text: string, options: EmailOptions = {}): GuardSpan[] {
  const spans: GuardSpan[] = [];
  let floor = 0; // nothing left of here may join a new address (it belongs to an earlier one)
  let at = text.indexOf('@');
  while (at !== -1) {
    let start = at;
    while (start > floor && at - start < MAX_LOCAL && isLocalChar(text.charCodeAt(start - 1))) start--;
    // Longer than a local part may be: not an address (a hash, a path, a run of symbols).
    const tooLong = start > floor && isLocalChar(codeAt(text, start - 1));
    while (start < at && text.charCodeAt(start) === 46) start++;
    let end = at + 1;
    while (end < text.length && end - at - 1 < MAX_DOMAIN && isDomainChar(text.charCodeAt(end))) end++;
    // A sentence's full stop or a dangling hyphen is not part of the domain.
    while (end > at + 1 && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 45)) end--;
    // Cheap rejections first: most `@`s in odd text have no local part or no dotted domain.
    if (start === at || !text.slice(at + 1, end).includes('.')) {
      at = text.indexOf('@', at + 1);
      continue;
    }
    const local = text.slice(start, at);
    const domain = text.slice(at + 1, end).toLowerCase();
    const ok =
      !tooLong &&
      local.length > 0 &&
      !local.endsWith('.') &&
      !local.includes('..') &&
      validDomain(domain) &&
      (options.includeReserved || !RESERVED.test(domain)) &&
      // `git@github.com:org/repo` is an SSH remote, not a mailbox.
      !(codeAt(text, end) === 58 && codeAt(text, end + 1) > 32);
    if (ok) {
      spans.push({ start, end, label: 'email' });
      floor = end;
    }
    at = text.indexOf('@', Math.max(at + 1, ok ? end : 0));
  }
  return spans;
}
