/**
 * GPT-2's byte-to-character table, as the Hugging Face `ByteLevel` pre-tokenizer and decoder use it: printable
 * Latin-1 bytes map to themselves, every other byte to a character from U+0100 up, so each of the 256 bytes is
 * one visible, non-whitespace character (space becomes `Ġ`, newline `Ċ`).
 *
 * @returns an array indexed by byte value.
 */
export function byteLevelAlphabet(): string[] {
  const printable = (b: number) =>
    (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const table: string[] = new Array(256);
  let next = 0;
  for (let b = 0; b < 256; b++) {
    table[b] = printable(b) ? String.fromCharCode(b) : String.fromCharCode(256 + next++);
  }
  return table;
}
