/**
 * Parse stacks, hash-consed: a stack is a node (position on top, parent node below; -1 for the empty stack),
 * and equal stacks get equal ids. Stacks share their tails, so a step costs a few nodes however deep the
 * nesting, and a set of stacks has a canonical key (its sorted ids).
 */
export class StackTable {
  pos = new Int32Array(1024);
  parent = new Int32Array(1024);
  count = 0;
  private readonly ids = new Map<number, number>();

  /** `positions` bounds every position (the program's size), so (parent, pos) packs into one number. */
  constructor(private readonly positions: number) {}

  /** The id of the stack with `pos` on top of stack `parent`. */
  intern(pos: number, parent: number): number {
    const key = (parent + 1) * this.positions + pos;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.count++;
      if (id === this.pos.length) this.grow();
      this.pos[id] = pos;
      this.parent[id] = parent;
      this.ids.set(key, id);
    }
    return id;
  }

  /** The positions of stack `id`, bottom first. */
  positionsOf(id: number): number[] {
    const out: number[] = [];
    for (let s = id; s >= 0; s = this.parent[s]) out.push(this.pos[s]);
    return out.reverse();
  }

  private grow(): void {
    const pos = new Int32Array(this.pos.length * 2);
    pos.set(this.pos);
    this.pos = pos;
    const parent = new Int32Array(this.parent.length * 2);
    parent.set(this.parent);
    this.parent = parent;
  }
}
