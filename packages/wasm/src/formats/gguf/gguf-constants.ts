/** `GGUF` read as a little-endian uint32. */
export const GGUF_MAGIC = 0x46554747;
/** Tensor data alignment when `general.alignment` is absent (ggml's GGUF_DEFAULT_ALIGNMENT). */
export const GGUF_DEFAULT_ALIGNMENT = 32;

/** Metadata value types (ggml's `enum gguf_type`). */
export const GgufValueType = {
  UINT8: 0,
  INT8: 1,
  UINT16: 2,
  INT16: 3,
  UINT32: 4,
  INT32: 5,
  FLOAT32: 6,
  BOOL: 7,
  STRING: 8,
  ARRAY: 9,
  UINT64: 10,
  INT64: 11,
  FLOAT64: 12,
} as const;

/** Bytes of one value of each fixed-size metadata type. */
export const GGUF_SCALAR_BYTES: Readonly<Record<number, number>> = {
  0: 1,
  1: 1,
  2: 2,
  3: 2,
  4: 4,
  5: 4,
  6: 4,
  7: 1,
  10: 8,
  11: 8,
  12: 8,
};

/** The ggml tensor types this backend reads, with their block layout (elements per block, bytes per block). */
export const GGML_TYPES = {
  0: { dtype: 'F32', blockElements: 1, blockBytes: 4 },
  1: { dtype: 'F16', blockElements: 1, blockBytes: 2 },
  // block_q4_0: fp16 scale + 16 bytes of 4-bit quants.
  2: { dtype: 'Q4_0', blockElements: 32, blockBytes: 18 },
  // block_q8_0: fp16 scale + 32 int8 quants.
  8: { dtype: 'Q8_0', blockElements: 32, blockBytes: 34 },
  30: { dtype: 'BF16', blockElements: 1, blockBytes: 2 },
} as const;

/** ggml type id of each dtype this backend reads (for writers). */
export const GGML_TYPE_ID = { F32: 0, F16: 1, Q4_0: 2, Q8_0: 8, BF16: 30 } as const;

/** Names of the ggml types this backend does not read, for error messages (ggml's `enum ggml_type`). */
export const GGML_TYPE_NAMES: readonly string[] = [
  'F32',
  'F16',
  'Q4_0',
  'Q4_1',
  'Q4_2',
  'Q4_3',
  'Q5_0',
  'Q5_1',
  'Q8_0',
  'Q8_1',
  'Q2_K',
  'Q3_K',
  'Q4_K',
  'Q5_K',
  'Q6_K',
  'Q8_K',
  'IQ2_XXS',
  'IQ2_XS',
  'IQ3_XXS',
  'IQ1_S',
  'IQ4_NL',
  'IQ3_S',
  'IQ2_S',
  'IQ4_XS',
  'I8',
  'I16',
  'I32',
  'I64',
  'F64',
  'IQ1_M',
  'BF16',
];
