import type { CodePointSet } from './code-point-set.js';
import { sequencesOfSet } from './utf8-sequences.js';

/**
 * The Byte states of one class, built once and stamped out for every copy a repeat makes (`.{0,1000}` is a
 * thousand copies). State i has range [lo[i], hi[i]] and leads to state next[i], or to the copy's
 * continuation when next[i] is -1; `entries` are the states a copy starts from (several: the copy begins with
 * a Split). Sequences share their tails (…[80-BF][80-BF] → continuation), so each distinct tail is one state.
 */
export interface SetTemplate {
  readonly lo: readonly number[];
  readonly hi: readonly number[];
  readonly next: readonly number[];
  readonly entries: readonly number[];
}

const cache = new WeakMap<CodePointSet, SetTemplate>();

export function setTemplate(set: CodePointSet): SetTemplate {
  let template = cache.get(set);
  if (template !== undefined) return template;
  const lo: number[] = [];
  const hi: number[] = [];
  const next: number[] = [];
  const tails = new Map<string, number>();
  const entries = sequencesOfSet(set).map((seq) => {
    let cur = -1;
    for (let i = seq.length - 2; i >= 0; i -= 2) {
      const key = `${seq[i]},${seq[i + 1]},${cur}`;
      let state = tails.get(key);
      if (state === undefined) {
        state = lo.length;
        lo.push(seq[i]);
        hi.push(seq[i + 1]);
        next.push(cur);
        tails.set(key, state);
      }
      cur = state;
    }
    return cur;
  });
  template = { lo, hi, next, entries };
  cache.set(set, template);
  return template;
}

/** States one copy of the class takes in the NFA: its Byte states, plus a Split unless it has one entry. */
export function setTemplateSize(set: CodePointSet): number {
  const t = setTemplate(set);
  return t.lo.length + (t.entries.length === 1 ? 0 : 1);
}
