/**
 * Interleaves several async iterables as their items arrive. Returning early (or one failing) closes them all,
 * which cancels every generation still running.
 */
export async function* mergeAsync<T>(sources: AsyncIterable<T>[]): AsyncGenerator<T> {
  const iterators = sources.map((s) => s[Symbol.asyncIterator]());
  const pending = new Map<number, Promise<{ i: number; result: IteratorResult<T> }>>();
  const pull = (i: number) =>
    pending.set(
      i,
      iterators[i].next().then((result) => ({ i, result })),
    );
  for (let i = 0; i < iterators.length; i++) pull(i);
  try {
    while (pending.size > 0) {
      const { i, result } = await Promise.race(pending.values());
      if (result.done) pending.delete(i);
      else {
        pull(i);
        yield result.value;
      }
    }
  } finally {
    await Promise.allSettled(iterators.map((it) => it.return?.()));
  }
}

/** Tags each item of `source` with `index`: which choice it belongs to once several are merged. */
export async function* withIndex<T extends object>(
  source: AsyncIterable<T>,
  index: number,
): AsyncGenerator<T & { index: number }> {
  for await (const item of source) yield { ...item, index };
}
