/** What the wait queue orders by. */
export interface Queued {
  readonly priority: number;
  readonly order: number;
}

/** Waiting entries, highest priority first and FIFO within a priority. */
export class WaitQueue<T extends Queued> {
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    // Insert after every entry that goes before it: binary search on (priority desc, order asc).
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = this.items[mid];
      if (m.priority > item.priority || (m.priority === item.priority && m.order < item.order)) lo = mid + 1;
      else hi = mid;
    }
    this.items.splice(lo, 0, item);
  }

  peek(): T | undefined {
    return this.items[0];
  }

  shift(): T | undefined {
    return this.items.shift();
  }

  /** Removes `item`; false when it was not waiting (already admitted or removed). */
  remove(item: T): boolean {
    const i = this.items.indexOf(item);
    if (i === -1) return false;
    this.items.splice(i, 1);
    return true;
  }

  /** Removes and returns every entry. */
  drain(): T[] {
    return this.items.splice(0);
  }
}
