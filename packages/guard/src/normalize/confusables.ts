/**
 * Letters that look like Latin letters, after case folding and NFKC (which already handles fullwidth forms and
 * mathematical alphanumerics). A compact table of the look-alikes that matter for spelling English instruction
 * words, not the full Unicode confusables list.
 *
 * `MIXED_SCRIPT`: Cyrillic, Greek and Armenian letters, folded only inside words that are not plainly written in
 * their own script (Russian text keeps its "все", a Latin word with a Cyrillic "о" in it becomes Latin).
 */
export const MIXED_SCRIPT_CONFUSABLES: Readonly<Record<string, string>> = {
  // Cyrillic (several are look-alikes only in upper case: В Н М Т К, folded here after lower-casing)
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  п: 'n',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ь: 'b',
  ѕ: 's',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  һ: 'h',
  ӏ: 'l',
  // Greek
  α: 'a',
  β: 'b',
  γ: 'y',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  μ: 'u',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  ϲ: 'c',
  ϳ: 'j',
  // Armenian
  օ: 'o',
  ս: 'u',
  հ: 'h',
  ո: 'n',
  ց: 'g',
  զ: 'q',
};

/**
 * Latin-script look-alikes (small capitals, IPA letters): no language writes ordinary words with them, so they
 * are folded wherever they appear.
 */
export const LATIN_CONFUSABLES: Readonly<Record<string, string>> = {
  ɑ: 'a',
  ᴀ: 'a',
  ʙ: 'b',
  ᴄ: 'c',
  ᴅ: 'd',
  ᴇ: 'e',
  ғ: 'f',
  ɡ: 'g',
  ɢ: 'g',
  ʜ: 'h',
  ɪ: 'i',
  ɩ: 'i',
  ȷ: 'j',
  ᴊ: 'j',
  ᴋ: 'k',
  ʟ: 'l',
  ᴍ: 'm',
  ɴ: 'n',
  ᴏ: 'o',
  ᴘ: 'p',
  ʀ: 'r',
  ꜱ: 's',
  ᴛ: 't',
  ᴜ: 'u',
  ᴠ: 'v',
  ᴡ: 'w',
  ʏ: 'y',
  ᴢ: 'z',
};

function toCodeMap(table: Readonly<Record<string, string>>): ReadonlyMap<number, number> {
  return new Map(Object.entries(table).map(([from, to]) => [from.charCodeAt(0), to.charCodeAt(0)]));
}

/** `MIXED_SCRIPT_CONFUSABLES` by code unit. */
export const MIXED_SCRIPT_CODES = toCodeMap(MIXED_SCRIPT_CONFUSABLES);
/** `LATIN_CONFUSABLES` by code unit. */
export const LATIN_CODES = toCodeMap(LATIN_CONFUSABLES);
