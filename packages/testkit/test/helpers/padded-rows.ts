import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Token rows right-padded with `padId` to one width, as int64 ids and a mask that is 1 over the real tokens. */
export function rightPadded(
  rows: number[][],
  padId = 0,
): { ids: BigInt64Array; mask: BigInt64Array; dims: number[]; width: number } {
  const width = Math.max(...rows.map((r) => r.length));
  const ids = new BigInt64Array(rows.length * width).fill(BigInt(padId));
  const mask = new BigInt64Array(rows.length * width);
  rows.forEach((row, b) => {
    row.forEach((id, t) => {
      ids[b * width + t] = BigInt(id);
      mask[b * width + t] = 1n;
    });
  });
  return { ids, mask, dims: [rows.length, width], width };
}

/** Every file below `root`, as sorted relative paths. */
export function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}
