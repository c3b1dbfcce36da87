import { describe, expect, it } from 'vitest';
import { addProgress, emptyTotals, fractionDone } from '../src/state/download-totals.js';
import {
  backendLabel,
  canLoad,
  canSend,
  initialState,
  type PlaygroundState,
} from '../src/state/playground-state.js';
import { reduce } from '../src/state/reduce.js';
import { ReplyClock } from '../src/state/reply-stats.js';

const ready = reduce(reduce(initialState, { type: 'load-started', source: 'm' }), {
  type: 'load-succeeded',
  model: { source: 'm', backend: 'wasm', fromStore: false },
});
const stats = { tokens: 2, backend: 'wasm', finishReason: 'stop' };

describe('playground state machine', () => {
  it('loads: none → loading (with progress) → ready, and only then can send', () => {
    expect(canSend(initialState)).toBe(false);
    let s = reduce(initialState, { type: 'load-started', source: 'm' });
    expect(s.model.kind).toBe('loading');
    expect(canLoad(s)).toBe(false);
    s = reduce(s, { type: 'load-progress', event: { type: 'download', file: 'a', loaded: 5, total: 10 } });
    if (s.model.kind !== 'loading') throw new Error('still loading');
    expect(s.model.progress.loadedBytes).toBe(5);
    expect(canSend(ready)).toBe(true);
    expect(canLoad(ready)).toBe(true);
  });

  it('picking another backend unloads the model (it lived in the other worker); the same one changes nothing', () => {
    const picked = reduce(ready, { type: 'backend-selected', backend: 'pocketlm-wasm' });
    expect(picked.backend).toBe('pocketlm-wasm');
    expect(picked.model.kind).toBe('none');
    expect(reduce(picked, { type: 'backend-selected', backend: 'pocketlm-wasm' })).toBe(picked);
  });

  it('the stats label names pocketlm-wasm with its threads, and an ONNX device alone', () => {
    expect(backendLabel({ source: 'm', backend: 'pocketlm-wasm', threads: 2, fromStore: false })).toBe(
      'pocketlm-wasm · 2 threads',
    );
    expect(backendLabel({ source: 'm', backend: 'pocketlm-wasm', threads: 1, fromStore: false })).toBe(
      'pocketlm-wasm · 1 thread',
    );
    expect(backendLabel({ source: 'm', backend: 'webgpu', fromStore: false })).toBe('webgpu');
  });

  it('a failed load shows the error banner; the next load clears it', () => {
    const failed = reduce(reduce(initialState, { type: 'load-started', source: 'x' }), {
      type: 'load-failed',
      source: 'x',
      error: { code: 'MODEL_NOT_FOUND', message: 'no' },
    });
    expect(failed.model.kind).toBe('failed');
    expect(failed.error?.code).toBe('MODEL_NOT_FOUND');
    expect(canLoad(failed)).toBe(true);
    expect(reduce(failed, { type: 'load-started', source: 'y' }).error).toBeUndefined();
  });

  it('a cancelled load goes back to no model, without an error banner', () => {
    const loading = reduce(initialState, { type: 'load-started', source: 'm' });
    const cancelled = reduce(loading, { type: 'load-cancelled' });
    expect(cancelled.model.kind).toBe('none');
    expect(cancelled.error).toBeUndefined();
    // A late cancel after the load finished changes nothing.
    expect(reduce(ready, { type: 'load-cancelled' })).toBe(ready);
  });

  it('streams a reply into one assistant turn, locks sending and loading meanwhile, and unlocks at the end', () => {
    let s: PlaygroundState = reduce(ready, { type: 'message-sent', text: 'hi' });
    expect(s.turns.map((t) => [t.role, t.status])).toEqual([
      ['user', 'done'],
      ['assistant', 'streaming'],
    ]);
    expect(canSend(s)).toBe(false);
    expect(canLoad(s)).toBe(false);
    // A second send while streaming is ignored rather than interleaving two replies.
    expect(reduce(s, { type: 'message-sent', text: 'again' })).toBe(s);
    s = reduce(s, { type: 'reply-token', id: 7 });
    s = reduce(s, { type: 'reply-text', text: 'he' });
    s = reduce(s, { type: 'reply-token', id: 8 });
    s = reduce(s, { type: 'reply-text', text: 'llo' });
    s = reduce(s, { type: 'reply-ended', status: 'stopped', stats });
    const reply = s.turns[1];
    expect(reply).toMatchObject({ text: 'hello', tokenIds: [7, 8], status: 'stopped', stats });
    expect(canSend(s)).toBe(true);
  });

  it('a failed reply keeps its partial text, ends streaming and shows the error', () => {
    let s = reduce(ready, { type: 'message-sent', text: 'hi' });
    s = reduce(s, { type: 'reply-text', text: 'par' });
    s = reduce(s, { type: 'reply-failed', error: { message: 'boom' }, stats });
    expect(s.turns[1]).toMatchObject({ text: 'par', status: 'failed' });
    expect(s.error?.message).toBe('boom');
    expect(canSend(s)).toBe(true);
  });

  it('a new model starts a new conversation', () => {
    const chatted = reduce(reduce(ready, { type: 'message-sent', text: 'hi' }), {
      type: 'reply-ended',
      status: 'done',
      stats,
    });
    expect(chatted.turns).toHaveLength(2);
    const reloaded = reduce(reduce(chatted, { type: 'load-started', source: 'n' }), {
      type: 'load-succeeded',
      model: { source: 'n', backend: 'wasm', fromStore: true },
    });
    expect(reloaded.turns).toEqual([]);
  });
});

describe('download totals', () => {
  it('sums bytes over files, counting a re-reported file once', () => {
    let t = addProgress(emptyTotals, { type: 'download', file: 'a', loaded: 10, total: 100 });
    t = addProgress(t, { type: 'download', file: 'b', loaded: 50, total: 50 });
    t = addProgress(t, { type: 'download', file: 'a', loaded: 100, total: 100 });
    t = addProgress(t, { type: 'cached', file: 'c' });
    expect(t).toMatchObject({ loadedBytes: 150, totalBytes: 150, downloadedFiles: 2, cachedFiles: 1 });
    expect(fractionDone(t)).toBe(1);
    expect(fractionDone(emptyTotals)).toBeUndefined();
  });
});

describe('ReplyClock', () => {
  it('measures time to first token and the decode rate between first and last token', () => {
    let now = 1000;
    const clock = new ReplyClock(() => now);
    now = 1100;
    clock.token();
    now = 1200;
    clock.token();
    now = 1300;
    clock.token();
    expect(clock.stats('wasm', 'stopped')).toEqual({
      tokens: 3,
      backend: 'wasm',
      finishReason: 'stopped',
      timeToFirstTokenMs: 100,
      tokensPerSecond: 10,
    });
  });

  it('prefers the engine timings of a finished reply', () => {
    const clock = new ReplyClock(() => 0);
    clock.token();
    clock.token();
    const s = clock.stats('webgpu', 'stop', { timeToFirstTokenMs: 12, decodeTokensPerSecond: 99 });
    expect(s).toMatchObject({ timeToFirstTokenMs: 12, tokensPerSecond: 99, tokens: 2 });
  });
});
