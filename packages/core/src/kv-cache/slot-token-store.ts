import { SharedSlots } from './shared-slots.js';
import type { TokenStore } from './token-store.js';

/** Per-layer key and value planes of one storage kind. */
interface Planes<T> {
  keys: T[];
  values: T[];
}

/**
 * What the copy-on-write token stores share: their `SharedSlots`, the tokens held, and the O(1) operations on
 * them (`clone` shares the planes, `truncate` only shortens, `clear` lets go). Subclasses own the layout of a
 * plane and every write, which must go through `slots.canAppend` / `slots.exclusive` / `adopt`.
 */
export abstract class SlotTokenStore<T> {
  protected slots: SharedSlots<Planes<T>> = emptySlots<T>();
  protected held = 0;

  get length(): number {
    return this.held;
  }

  truncate(length: number): void {
    this.held = length;
  }

  /** Shares the planes: O(1), nothing is copied until one side writes over slots the other may hold. */
  clone(): this {
    const copy = this.emptyCopy();
    copy.slots = this.slots.share(this.held);
    copy.held = this.held;
    return copy;
  }

  sharesStorageWith(other: TokenStore): boolean {
    return other instanceof SlotTokenStore && other.slots === this.slots && this.slots.capacity > 0;
  }

  clear(): void {
    this.adopt(emptySlots<T>());
    this.held = 0;
  }

  /** A new, empty store with the same layout and settings, for `clone`. */
  protected abstract emptyCopy(): this;

  /** Moves to other storage, unregistering from the shared one. */
  protected adopt(slots: SharedSlots<Planes<T>>): void {
    this.slots.release();
    this.slots = slots;
  }
}

function emptySlots<T>(): SharedSlots<Planes<T>> {
  return new SharedSlots<Planes<T>>({ keys: [], values: [] }, 0, 0);
}
