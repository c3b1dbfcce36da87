/** Loaders accept text already in memory as well as file bytes; hashing always covers the UTF-8 bytes. */
export type LoaderInput = Uint8Array | string;

export function toBytes(input: LoaderInput): Uint8Array {
  return typeof input === 'string' ? new TextEncoder().encode(input) : input;
}
