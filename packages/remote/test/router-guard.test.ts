import type { Engine } from '@pocketlm/core';
import { type GuardCheck, type GuardPolicy, guardMiddleware, isGuardEvent, withGuard } from '@pocketlm/guard';
import type { RunningServer } from '@pocketlm/server';
import { collect } from '@pocketlm/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEscalationRouter, type RemoteGenerator } from '../src/index.js';
import { type Calls, closeAll, decisionsOf, finishOf, HELLO, localAndRemote } from './escalation-fixture.js';

let localEngine: Engine;
let remoteEngine: Engine;
let server: RunningServer;
let remote: RemoteGenerator;
let remoteCalls: Calls;

beforeAll(async () => {
  ({ localEngine, remoteEngine, server, remote, calls: remoteCalls } = await localAndRemote());
});
afterAll(() => closeAll(server, localEngine, remoteEngine));

/** A guard check that blocks any text containing `word` (a stand-in for a real rule; the guard around it is real). */
function blockWord(word: string, stage: 'input' | 'output'): GuardCheck {
  return {
    name: `no-${word}`,
    stages: [stage],
    check: (text, context) =>
      text.includes(word)
        ? {
            check: `no-${word}`,
            stage: context.stage,
            action: 'block',
            reason: `mentions ${word}`,
            spans: [],
          }
        : undefined,
  };
}

/** Blocks every reply that has any text at all: the tiny model's replies are never empty. */
const blockAnyOutput: GuardCheck = {
  name: 'block-output',
  stages: ['output'],
  check: (text, context) =>
    text.length > 0
      ? { check: 'block-output', stage: context.stage, action: 'block', reason: 'test block', spans: [] }
      : undefined,
};

const secretPrompt = { ...HELLO, messages: [{ role: 'user', content: 'my password is SECRET' }] };

describe('createEscalationRouter: guard decisions', () => {
  it('escalates a local reply the guard blocks, and keeps the guard decision as an audit annotation', async () => {
    const before = remoteCalls.started;
    const router = createEscalationRouter({
      local: localEngine,
      remote,
      guard: guardMiddleware({ output: [blockAnyOutput] }),
      onRemoteFailure: 'error',
    });
    const events = await collect(router.stream(HELLO));
    expect(decisionsOf(events)).toEqual([
      expect.objectContaining({ route: 'remote', reason: 'output-blocked' }),
    ]);
    expect(events.filter(isGuardEvent).map((e) => e.data.action)).toContain('block');
    const finish = finishOf(events);
    expect(finish.tokens).toEqual([]);
    expect(finish.finishReason).not.toBe('content-filter');
    expect(remoteCalls.started).toBe(before + 1);
  });

  it('keeps the filtered local reply when onOutputBlocked is "local"', async () => {
    const before = remoteCalls.started;
    const router = createEscalationRouter({
      local: localEngine,
      remote,
      guard: guardMiddleware({ output: [blockAnyOutput] }),
      onOutputBlocked: 'local',
      onRemoteFailure: 'error',
    });
    const events = await collect(router.stream(HELLO));
    expect(decisionsOf(events)).toEqual([
      expect.objectContaining({ route: 'local', reason: 'output-blocked' }),
    ]);
    expect(finishOf(events).finishReason).toBe('content-filter');
    expect(remoteCalls.started).toBe(before);
  });

  it('does not send a prompt the guard blocks to the remote by default (CONTENT_BLOCKED)', async () => {
    const before = remoteCalls.started;
    const router = createEscalationRouter({
      local: localEngine,
      remote,
      guard: guardMiddleware({ input: [blockWord('SECRET', 'input')] }),
      onRemoteFailure: 'local',
    });
    await expect(collect(router.stream(secretPrompt))).rejects.toMatchObject({ code: 'CONTENT_BLOCKED' });
    expect(remoteCalls.started).toBe(before);
  });

  it('sends a blocked prompt to the remote when onInputBlocked is "remote"', async () => {
    const before = remoteCalls.started;
    const router = createEscalationRouter({
      local: localEngine,
      remote,
      guard: guardMiddleware({ input: [blockWord('SECRET', 'input')] }),
      onInputBlocked: 'remote',
      onRemoteFailure: 'error',
    });
    const events = await collect(router.stream(secretPrompt));
    expect(decisionsOf(events)).toEqual([
      expect.objectContaining({ route: 'remote', reason: 'input-blocked' }),
    ]);
    expect(remoteCalls.started).toBe(before + 1);
  });

  it('a predicate guard escalates the answers it rejects and keeps the others', async () => {
    const seen: string[] = [];
    const router = (reject: boolean) =>
      createEscalationRouter({
        local: localEngine,
        remote,
        guard: (answer) => {
          seen.push(answer.text);
          return reject;
        },
        onRemoteFailure: 'error',
      });
    const rejected = await collect(router(true).stream(HELLO));
    const kept = await collect(router(false).stream(HELLO));
    expect(decisionsOf(rejected)).toEqual([
      expect.objectContaining({ route: 'remote', reason: 'output-blocked' }),
    ]);
    expect(decisionsOf(kept)).toEqual([expect.objectContaining({ route: 'local', reason: 'accepted' })]);
    expect(seen).toEqual([finishOf(kept).text, finishOf(kept).text]);
  });

  it('reads log-probabilities beneath guard middleware, which a withGuard-wrapped local hides', async () => {
    const policy: GuardPolicy = { output: [blockWord('never-in-tiny-output', 'output')] };
    const underGuard = createEscalationRouter({
      local: localEngine,
      remote,
      guard: guardMiddleware(policy),
      minMeanLogprob: -1000,
      onRemoteFailure: 'error',
    });
    const [measured] = decisionsOf(await collect(underGuard.stream(HELLO)));
    expect(measured).toMatchObject({ route: 'local', reason: 'confident' });
    expect(measured.meanLogprob).toBeLessThan(0);
    // The guard drops token events, so a router around an already-guarded engine cannot judge confidence.
    const aroundGuard = createEscalationRouter({
      local: withGuard(localEngine, policy),
      remote,
      minMeanLogprob: -1000,
      onRemoteFailure: 'error',
    });
    const [unmeasured] = decisionsOf(await collect(aroundGuard.stream(HELLO)));
    expect(unmeasured).toMatchObject({ route: 'remote', reason: 'no-logprobs' });
    expect(unmeasured.meanLogprob).toBeUndefined();
  });
});
