import { describe, expect, it } from 'vitest';
import { StopSequenceMatcher } from '../src/engine/stop-sequence-matcher.js';

function feed(stops: string[], pieces: string[]) {
  const m = new StopSequenceMatcher(stops);
  let out = '';
  const emitted: string[] = [];
  for (const p of pieces) {
    const { emit, stopped } = m.push(p);
    out += emit;
    emitted.push(emit);
    if (stopped) return { out, emitted, stopped: true };
  }
  out += m.flush();
  return { out, emitted, stopped: false };
}

describe('StopSequenceMatcher', () => {
  it('cuts at a stop sequence split across pieces and never emits its start', () => {
    const r = feed(['END'], ['hello E', 'N', 'D and more']);
    expect(r).toMatchObject({ out: 'hello ', stopped: true });
    expect(r.emitted.join('')).not.toContain('E');
  });

  it('releases held-back text that turned out not to be a stop', () => {
    expect(feed(['END'], ['a E', 'x'])).toMatchObject({ out: 'a Ex', stopped: false });
    expect(feed(['END'], ['tail E'])).toMatchObject({ out: 'tail E', stopped: false });
  });

  it('picks the earliest of several stops', () => {
    expect(feed(['bb', 'a'], ['xxbbya'])).toMatchObject({ out: 'xx', stopped: true });
  });

  it('passes everything through with no stops', () => {
    expect(feed([], ['a', 'b'])).toMatchObject({ out: 'ab', stopped: false });
  });
});
