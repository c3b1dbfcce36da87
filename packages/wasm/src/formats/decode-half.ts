/** One IEEE-754 binary16 value (as its 16 bits) in float32. */
export function f16ToF32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24; // zero and subnormals
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

function halfWords(bytes: Uint8Array, what: string): DataView {
  if (bytes.length % 2 !== 0)
    throw new RangeError(`${what}: ${bytes.length} bytes is not a whole number of values.`);
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Little-endian float16 bytes (a safetensors or GGUF F16 tensor) as float32 values. */
export function decodeF16(bytes: Uint8Array): Float32Array {
  const view = halfWords(bytes, 'decodeF16');
  // Every binary16 value has 65536 patterns: a lookup table is faster than decoding each value.
  const table = f16Table();
  const out = new Float32Array(bytes.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = table[view.getUint16(i * 2, true)];
  return out;
}

/** Little-endian bfloat16 bytes as float32 values (bfloat16 is the top half of a float32). */
export function decodeBF16(bytes: Uint8Array): Float32Array {
  const view = halfWords(bytes, 'decodeBF16');
  const out = new Float32Array(bytes.length / 2);
  const bits = new Uint32Array(out.buffer);
  for (let i = 0; i < out.length; i++) bits[i] = view.getUint16(i * 2, true) << 16;
  return out;
}

let table: Float32Array | undefined;
function f16Table(): Float32Array {
  if (!table) {
    table = new Float32Array(65536);
    for (let bits = 0; bits < 65536; bits++) table[bits] = f16ToF32(bits);
  }
  return table;
}
