// Where f32 weight matrices live. Rows are stored in groups of 4: per group, 4 columns at a time, the 4 rows'
// 4 floats side by side ([groups, cols / 4, 4 rows, 4 floats]), then the group's last cols % 4 columns row by
// row. A 4-row decode tile so reads one sequential stream instead of four, which the hardware prefetchers follow
// closer to the memory's bandwidth. Rows past the last full group stay row-major. Every row keeps its 4-float
// chunks whole, so products have the same lanes, and bits, as over row-major rows.

/** Rows stored in groups: the rest (rows % 4, at the end) are row-major. */
export function f32GroupedRows(rows: i32): i32 {
  return rows & ~3;
}

/** Address of row r's first 4-float chunk. */
export function f32RowStart(w: usize, r: i32, rows: i32, cols: i32): usize {
  if (r >= f32GroupedRows(rows)) return w + ((<usize>r * <usize>cols) << 2);
  return w + ((<usize>(r >> 2) * <usize>cols + <usize>(r & 3)) << 4);
}

/** Bytes from one 4-float chunk of row r to the next: 64 inside a group, 16 in the row-major tail. */
export function f32ChunkStep(r: i32, rows: i32): usize {
  return r < f32GroupedRows(rows) ? 64 : 16;
}

/**
 * Base for row r's last cols % 4 columns: column k (k >= cols & ~3) is at base + k * 4, the addressing
 * simd-helpers' tailDot uses.
 */
export function f32TailBase(w: usize, r: i32, rows: i32, cols: i32): usize {
  const k4 = cols & ~3;
  if (r >= f32GroupedRows(rows)) return w + ((<usize>r * <usize>cols) << 2);
  const tail =
    ((<usize>(r >> 2) * <usize>cols) << 2) + ((<usize>k4) << 2) + <usize>(r & 3) * <usize>(cols - k4);
  return w + ((tail - <usize>k4) << 2);
}

/**
 * Rearranges a row-major [rows, cols] f32 matrix at w into the grouped layout, in place, one group at a time
 * through `scratch` (16 * cols bytes).
 */
export function groupRowsF32(w: usize, rows: i32, cols: i32, scratch: usize): void {
  const groupBytes = (<usize>cols) << 4;
  for (let g = 0; g < f32GroupedRows(rows) >> 2; g++) {
    const group = w + <usize>g * groupBytes;
    memory.copy(scratch, group, groupBytes);
    for (let j = 0; j < 4; j++) {
      const r = (g << 2) + j;
      const from = scratch + <usize>j * ((<usize>cols) << 2);
      const start = f32RowStart(w, r, rows, cols);
      for (let k = 0; k < (cols & ~3); k += 4) {
        v128.store(start + <usize>(k >> 2) * 64, v128.load(from + ((<usize>k) << 2)));
      }
      const tail = f32TailBase(w, r, rows, cols);
      for (let k = cols & ~3; k < cols; k++)
        store<f32>(tail + ((<usize>k) << 2), load<f32>(from + ((<usize>k) << 2)));
    }
  }
}

/** Row r of a grouped matrix back to row-major floats at `out` (embedding lookups of an f32 table). */
export function copyRowF32(w: usize, rows: i32, cols: i32, r: i32, out: usize): void {
  const start = f32RowStart(w, r, rows, cols);
  const step = f32ChunkStep(r, rows);
  for (let k = 0; k < (cols & ~3); k += 4) {
    v128.store(out + ((<usize>k) << 2), v128.load(start + <usize>(k >> 2) * step));
  }
  const tail = f32TailBase(w, r, rows, cols);
  for (let k = cols & ~3; k < cols; k++)
    store<f32>(out + ((<usize>k) << 2), load<f32>(tail + ((<usize>k) << 2)));
}
