import { describe, expect, it } from 'vitest';
import { EventQueue } from '../src/engine/event-queue.js';

describe('EventQueue', () => {
  it('delivers items pushed before and while the consumer waits, then ends', async () => {
    const q = new EventQueue<number>();
    q.push(1);
    setTimeout(() => {
      q.push(2);
      q.end();
    }, 5);
    const seen: number[] = [];
    for await (const x of q) seen.push(x);
    expect(seen).toEqual([1, 2]);
  });

  it('throws the failure after the items before it', async () => {
    const q = new EventQueue<number>();
    q.push(1);
    q.fail(new Error('boom'));
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const x of q) seen.push(x);
      })(),
    ).rejects.toThrow('boom');
    expect(seen).toEqual([1]);
  });

  it('tells the producer when the consumer stops early', async () => {
    let returned = false;
    const q = new EventQueue<number>(() => {
      returned = true;
    });
    q.push(1);
    q.push(2);
    for await (const _ of q) break;
    expect(returned).toBe(true);
  });
});
