/**
 * Common leetspeak substitutions, applied only inside words that also contain letters (so "2024" and "10 kg" stay
 * numbers). `1` stands for both `i` and `l`; the normaliser makes one view for each reading.
 */
export const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};

/** What `1` reads as in a view. */
export type LeetOne = 'i' | 'l';

const LEET_CODES = new Int16Array(128).fill(-1);
for (const [from, to] of Object.entries(LEET)) LEET_CODES[from.charCodeAt(0)] = to.charCodeAt(0);

/** Whether a code unit is one of the leet characters (including `1`). */
export function isLeetCode(code: number): boolean {
  return code === 0x31 || (code < 128 && LEET_CODES[code] >= 0);
}

/** The letter code a leet character reads as. */
export function leetLetterCode(code: number, one: LeetOne): number {
  return code === 0x31 ? one.charCodeAt(0) : code < 128 && LEET_CODES[code] >= 0 ? LEET_CODES[code] : code;
}
