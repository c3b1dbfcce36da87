/** Bytes grouped so that no transition tells two bytes of a class apart: rows get one entry per class. */
export interface ByteClasses {
  readonly classOf: Uint8Array;
  /** One byte of each class. */
  readonly classRep: Uint8Array;
  readonly classCount: number;
}

/** Classes no inclusive range `[lo[i], hi[i]]` (for each `i` with `include(i)`) splits: runs of bytes. */
export function byteClassesOfRanges(
  lo: Uint8Array,
  hi: Uint8Array,
  include: (i: number) => boolean,
): ByteClasses {
  const boundary = new Uint8Array(257);
  for (let i = 0; i < lo.length; i++) {
    if (!include(i)) continue;
    boundary[lo[i]] = 1;
    boundary[hi[i] + 1] = 1;
  }
  const classOf = new Uint8Array(256);
  const reps: number[] = [];
  let cls = -1;
  for (let b = 0; b < 256; b++) {
    if (b === 0 || boundary[b]) {
      cls++;
      reps.push(b);
    }
    classOf[b] = cls;
  }
  return { classOf, classRep: Uint8Array.from(reps), classCount: cls + 1 };
}

/**
 * Classes such that every 256-bit byte set (8 words each, bit `b & 31` of word `b >> 5`) is a union of them,
 * refined one set at a time.
 */
export function byteClassesOfSets(byteSets: Uint32Array): ByteClasses {
  let classOf = new Int32Array(256);
  let count = 1;
  for (let set = 0; set < byteSets.length / 8; set++) {
    const ids = new Map<number, number>();
    const refined = new Int32Array(256);
    for (let b = 0; b < 256; b++) {
      const key = classOf[b] * 2 + ((byteSets[set * 8 + (b >>> 5)] >>> (b & 31)) & 1);
      let id = ids.get(key);
      if (id === undefined) {
        id = ids.size;
        ids.set(key, id);
      }
      refined[b] = id;
    }
    classOf = refined;
    count = ids.size;
  }
  const classRep = new Uint8Array(count);
  for (let b = 255; b >= 0; b--) classRep[classOf[b]] = b;
  return { classOf: Uint8Array.from(classOf), classRep, classCount: count };
}
