const strict = new TextDecoder('utf-8', { fatal: true });

/** Whether `bytes` are well-formed UTF-8 on their own (a token holding part of a character is not). */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}
