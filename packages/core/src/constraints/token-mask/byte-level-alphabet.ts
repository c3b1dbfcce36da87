/**
 * GPT-2's byte ↔ character table, which byte-level BPE vocabularies (GPT-2, Llama 3, Qwen, SmolLM) are
 * written in: printable Latin-1 bytes stand for themselves, every other byte for a character from U+0100 up
 * (space is `Ġ`, newline `Ċ`). Decoding a token maps each character back to its byte.
 */
function buildCharToByte(): Map<string, number> {
  const printable = (b: number) =>
    (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const map = new Map<string, number>();
  let next = 0;
  for (let b = 0; b < 256; b++) map.set(String.fromCharCode(printable(b) ? b : 256 + next++), b);
  return map;
}

let table: Map<string, number> | undefined;

/** The bytes a byte-level token string stands for, or undefined if a character is outside the table. */
export function byteLevelBytes(token: string): Uint8Array | undefined {
  table ??= buildCharToByte();
  const out = new Uint8Array(token.length);
  for (let i = 0; i < token.length; i++) {
    const byte = table.get(token[i]);
    if (byte === undefined) return undefined;
    out[i] = byte;
  }
  return out;
}
