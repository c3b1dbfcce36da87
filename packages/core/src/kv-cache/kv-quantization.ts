/**
 * Symmetric absmax quantization of one head-row (headDim values) in groups along headDim: each group stores one
 * float32 scale (absmax / qmax) and one integer per value in [-qmax, qmax], offset by 2^(bits-1) so it fits an
 * unsigned byte (int8) or nibble (int4, two per byte, low nibble first). The error per value is at most half a
 * step: absmax / 254 for int8, absmax / 14 for int4.
 */
export interface RowQuantizer {
  readonly bits: 8 | 4;
  readonly headDim: number;
  readonly groupSize: number;
  /** Groups per row (the last one may be shorter). */
  readonly groups: number;
  /** Bytes of integer data per row. */
  readonly rowBytes: number;
  quantize(
    src: Float32Array,
    srcOffset: number,
    data: Uint8Array,
    dataOffset: number,
    scales: Float32Array,
    scaleOffset: number,
  ): void;
  dequantize(
    data: Uint8Array,
    dataOffset: number,
    scales: Float32Array,
    scaleOffset: number,
    out: Float32Array,
    outOffset: number,
  ): void;
}

/** A quantizer for rows of `headDim` values at `bits` bits with groups of `groupSize` along the row. */
export function rowQuantizer(bits: 8 | 4, headDim: number, groupSize: number): RowQuantizer {
  const qmax = bits === 8 ? 127 : 7;
  const zero = bits === 8 ? 128 : 8;
  const groups = Math.ceil(headDim / groupSize);
  const rowBytes = bits === 8 ? headDim : Math.ceil(headDim / 2);
  return {
    bits,
    headDim,
    groupSize,
    groups,
    rowBytes,
    quantize(src, srcOffset, data, dataOffset, scales, scaleOffset) {
      if (bits === 4) data.fill(0, dataOffset, dataOffset + rowBytes);
      for (let g = 0; g < groups; g++) {
        const start = g * groupSize;
        const end = Math.min(headDim, start + groupSize);
        let absmax = 0;
        for (let d = start; d < end; d++) absmax = Math.max(absmax, Math.abs(src[srcOffset + d]));
        const scale = absmax / qmax;
        scales[scaleOffset + g] = scale;
        const inv = scale === 0 ? 0 : 1 / scale;
        for (let d = start; d < end; d++) {
          const q = Math.max(-qmax, Math.min(qmax, Math.round(src[srcOffset + d] * inv))) + zero;
          if (bits === 8) data[dataOffset + d] = q;
          else data[dataOffset + (d >> 1)] |= (d & 1) === 0 ? q : q << 4;
        }
      }
    },
    dequantize(data, dataOffset, scales, scaleOffset, out, outOffset) {
      for (let g = 0; g < groups; g++) {
        const start = g * groupSize;
        const end = Math.min(headDim, start + groupSize);
        const scale = scales[scaleOffset + g];
        for (let d = start; d < end; d++) {
          const q = bits === 8 ? data[dataOffset + d] : (data[dataOffset + (d >> 1)] >> ((d & 1) * 4)) & 0x0f;
          out[outOffset + d] = (q - zero) * scale;
        }
      }
    },
  };
}
