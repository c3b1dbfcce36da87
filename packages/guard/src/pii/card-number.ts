import type { GuardSpan } from '../policy/guard-check.js';
import { codeAt, isAlnum, isDigit } from './chars.js';
import { luhnValid } from './checksums.js';

interface Network {
  name: string;
  /** Inclusive prefix ranges, compared on as many leading digits as the bounds have. */
  prefixes: readonly (readonly [string, string])[];
  lengths: readonly number[];
}

// Issuer identification number ranges of the major networks (ISO/IEC 7812 registrations as the networks publish them).
const NETWORKS: readonly Network[] = [
  { name: 'visa', prefixes: [['4', '4']], lengths: [13, 16, 19] },
  {
    name: 'mastercard',
    prefixes: [
      ['51', '55'],
      ['2221', '2720'],
    ],
    lengths: [16],
  },
  {
    name: 'amex',
    prefixes: [
      ['34', '34'],
      ['37', '37'],
    ],
    lengths: [15],
  },
  {
    name: 'discover',
    prefixes: [
      ['6011', '6011'],
      ['644', '649'],
      ['65', '65'],
    ],
    lengths: [16, 17, 18, 19],
  },
  {
    name: 'diners',
    prefixes: [
      ['300', '305'],
      ['36', '36'],
      ['38', '39'],
    ],
    lengths: [14, 15, 16, 17, 18, 19],
  },
  { name: 'jcb', prefixes: [['3528', '3589']], lengths: [16, 17, 18, 19] },
  {
    name: 'unionpay',
    prefixes: [
      ['62', '62'],
      ['81', '81'],
    ],
    lengths: [16, 17, 18, 19],
  },
  {
    name: 'maestro',
    prefixes: [
      ['50', '50'],
      ['56', '58'],
      ['6', '6'],
    ],
    lengths: [13, 14, 15, 16, 17, 18, 19],
  },
  { name: 'mir', prefixes: [['2200', '2204']], lengths: [16, 17, 18, 19] },
];

/** The network whose prefixes and lengths fit `digits`, if any. */
export function cardNetwork(digits: string): string | undefined {
  for (const network of NETWORKS) {
    if (!network.lengths.includes(digits.length)) continue;
    for (const [low, high] of network.prefixes) {
      const head = digits.slice(0, low.length);
      if (head >= low && head <= high) return network.name;
    }
  }
  return undefined;
}

// How people write card numbers: one block, blocks of four (the last shorter), or Amex/Diners 4-6-5 and 4-6-4.
function cardGrouping(groups: readonly number[]): boolean {
  if (groups.length === 1) return true;
  if (groups.length === 3 && groups[0] === 4 && groups[1] === 6 && (groups[2] === 5 || groups[2] === 4))
    return true;
  for (let i = 0; i < groups.length - 1; i++) if (groups[i] !== 4) return false;
  return groups[groups.length - 1] <= 4;
}

interface Group {
  start: number;
  end: number;
  /** The separator before this group (`' '`, `'-'`, or `''` for the first). */
  sep: string;
}

/**
 * Payment card numbers: 13–19 digits, in one block or in groups separated by single spaces or dashes (the same
 * separator throughout), with a known network prefix and length, passing Luhn. Digit runs are split into groups
 * once; each group starts at most five windows, so the scan is linear.
 */
export function detectCardNumbers(text: string): GuardSpan[] {
  const spans: GuardSpan[] = [];
  let i = 0;
  while (i < text.length) {
    if (!isDigit(text.charCodeAt(i))) {
      i++;
      continue;
    }
    // A maximal run of digit groups joined by single separators.
    const groups: Group[] = [];
    let j = i;
    let sep = '';
    for (;;) {
      const start = j;
      while (j < text.length && isDigit(text.charCodeAt(j))) j++;
      groups.push({ start, end: j, sep });
      const next = codeAt(text, j);
      if ((next === 32 || next === 45) && isDigit(codeAt(text, j + 1))) {
        sep = text[j];
        j++;
      } else break;
    }
    const before = codeAt(text, i - 1);
    const after = codeAt(text, j);
    // Inside a word, a hash or a decimal number: not a card.
    const runBounded =
      !isAlnum(before) && before !== 46 && !isAlnum(after) && !(after === 46 && isDigit(codeAt(text, j + 1)));
    for (let g = 0; g < groups.length && runBounded; g++) {
      const size = groups[g].end - groups[g].start;
      // A card starts with a block of four, or is one block of 13–19 digits.
      if (size !== 4 && (size < 13 || size > 19)) continue;
      let digits = '';
      const sizes: number[] = [];
      for (let h = g; h < groups.length && h < g + 5; h++) {
        // Grouped numbers keep one separator throughout.
        if (h > g && groups[h].sep !== groups[g + 1].sep) break;
        digits += text.slice(groups[h].start, groups[h].end);
        sizes.push(groups[h].end - groups[h].start);
        if (digits.length > 19) break;
        if (digits.length < 13 || !cardGrouping(sizes)) continue;
        if (luhnValid(digits) && cardNetwork(digits)) {
          spans.push({ start: groups[g].start, end: groups[h].end, label: 'card-number' });
          g = h;
          break;
        }
      }
    }
    i = j;
  }
  return spans;
}
