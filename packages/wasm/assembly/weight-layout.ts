// Where quantized weights live (q8 and q4 alike). Rows are stored in groups of 8 (the `>> 3`, `& 7` below): for each group, block by block,
// the 8 rows' blocks side by side (quants [groups, blocks, 8, blockBytes], scales [groups, blocks, 8] f32), so
// decoding 8 rows at once reads two sequential streams instead of sixteen (the hardware prefetchers keep up, and
// the 8 scales of a block are one contiguous load). Rows past the last full group stay row-major. Quants and
// scales share one block index: quants at index * blockBytes, the scale at index * 4.

/** Rows stored in groups: the rest (rows % 8, at the end) are row-major. */
export function groupedRows(rows: i32): i32 {
  return rows & ~7;
}

/** Index of row r's block 0 among all blocks of the matrix. */
export function firstBlock(r: i32, nb: i32, rows: i32): usize {
  if (r >= groupedRows(rows)) return <usize>r * <usize>nb;
  return ((<usize>(r >> 3) * <usize>nb) << 3) + <usize>(r & 7);
}

/** Distance in blocks between consecutive blocks of row r: 8 inside a group, 1 in the row-major tail. */
export function blockStep(r: i32, rows: i32): usize {
  return r < groupedRows(rows) ? 8 : 1;
}

/** Index of row r's block b (load-time and lookup code; the product tiles step through a row themselves). */
export function blockIndex(r: i32, b: i32, nb: i32, rows: i32): usize {
  return firstBlock(r, nb, rows) + <usize>b * blockStep(r, rows);
}
