import { type Engine, PocketLMError, wrapEngine } from '@pocketlm/core';
import type { RunningServer } from '@pocketlm/server';
import { collect } from '@pocketlm/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEscalationRouter, type EscalationDecision, type RemoteGenerator } from '../src/index.js';
import {
  type Calls,
  closeAll,
  counted,
  decisionsOf,
  finishOf,
  HELLO,
  localAndRemote,
  textOf,
  tinyEngine,
} from './escalation-fixture.js';

let localEngine: Engine;
let remoteEngine: Engine;
let server: RunningServer;
let remote: RemoteGenerator;
let remoteCalls: Calls;

beforeAll(async () => {
  ({ localEngine, remoteEngine, server, remote, calls: remoteCalls } = await localAndRemote());
});
afterAll(() => closeAll(server, localEngine, remoteEngine));

describe('createEscalationRouter: routes (local = tiny engine, remote = pocketlm serve on loopback)', () => {
  it('keeps a confident local answer local: nothing is sent to the remote', async () => {
    const before = remoteCalls.started;
    const decisions: EscalationDecision[] = [];
    const router = createEscalationRouter({
      local: localEngine,
      remote,
      minMeanLogprob: -1000,
      onRemoteFailure: 'error',
      onDecision: (d) => decisions.push(d),
    });
    const events = await collect(router.stream(HELLO));
    const [decision] = decisionsOf(events);
    expect(decision).toMatchObject({ route: 'local', reason: 'confident', threshold: -1000 });
    expect(decision.meanLogprob).toBeLessThan(0);
    expect(decision.promptTokens).toBe(localEngine.countTokens(HELLO.messages));
    expect(decision.localPromptBudget).toBe(localEngine.info.contextLength - 1);
    expect(decisions).toEqual([decision]);
    // The local answer, event for event: its own token ids, and the same text as the engine alone gives.
    const finish = finishOf(events);
    expect(finish.tokens.length).toBeGreaterThan(0);
    expect(finish.text).toBe((await localEngine.generate(HELLO)).text);
    expect(textOf(events)).toBe(finish.text);
    expect(remoteCalls.started).toBe(before);
  });

  it('escalates when the local answer is below a very high threshold; buffer mode shows no local text', async () => {
    const before = remoteCalls.started;
    const router = createEscalationRouter({
      local: localEngine,
      remote,
      minMeanLogprob: 0,
      onRemoteFailure: 'error',
    });
    const events = await collect(router.stream(HELLO));
    const [decision] = decisionsOf(events);
    expect(decision).toMatchObject({
      route: 'remote',
      reason: 'low-confidence',
      threshold: 0,
      remoteModel: 'tiny-remote',
    });
    expect(decision.meanLogprob).toBeLessThan(0);
    // Nothing of the local answer comes before the decision: only the local prefill's progress.
    const at = events.findIndex((e) => e.type === 'annotation');
    expect(events.slice(0, at).every((e) => e.type === 'prefill-progress')).toBe(true);
    const finish = finishOf(events);
    // The remote's answer: no local token ids, and exactly the text that streamed after the decision.
    expect(finish.tokens).toEqual([]);
    expect(textOf(events)).toBe(finish.text);
    expect(finish.usage.promptTokens).toBeGreaterThan(0);
    expect(remoteCalls.started).toBe(before + 1);
  });

  it('stream-local mode streams the local text, then the decision, then the remote answer', async () => {
    const router = createEscalationRouter({
      local: localEngine,
      remote,
      minMeanLogprob: 0,
      mode: 'stream-local',
      onRemoteFailure: 'error',
    });
    const events = await collect(router.stream(HELLO));
    const at = events.findIndex((e) => e.type === 'annotation');
    const localText = textOf(events.slice(0, at));
    expect(localText).toBe((await localEngine.generate(HELLO)).text);
    expect(localText.length).toBeGreaterThan(0);
    expect(events[at]).toMatchObject({ data: { route: 'remote', reason: 'low-confidence' } });
    const finish = finishOf(events);
    expect(textOf(events.slice(at))).toBe(finish.text);
    expect(finish.tokens).toEqual([]);
  });

  it('sends a prompt over maxLocalPromptTokens straight to the remote, without running the local model', async () => {
    const local = counted(localEngine);
    const before = remoteCalls.started;
    const router = createEscalationRouter({
      local: local.generator,
      remote,
      maxLocalPromptTokens: 4,
      onRemoteFailure: 'local',
    });
    const events = await collect(router.stream(HELLO));
    expect(decisionsOf(events)).toEqual([
      expect.objectContaining({ route: 'remote', reason: 'over-budget', localPromptBudget: 4 }),
    ]);
    expect(decisionsOf(events)[0].promptTokens).toBeGreaterThan(4);
    expect(finishOf(events).tokens).toEqual([]);
    expect(local.calls.started).toBe(0);
    expect(remoteCalls.started).toBe(before + 1);
  });

  it('sends a prompt longer than the local context to the remote (the remote answers with its own error here)', async () => {
    // Both ends are the same tiny model, so the remote refuses it too: the point is which route was taken.
    const local = counted(localEngine);
    const router = createEscalationRouter({ local: local.generator, remote, onRemoteFailure: 'local' });
    const prompt = 'word '.repeat(localEngine.info.contextLength + 10);
    const decisions: EscalationDecision[] = [];
    const events = router.stream({ prompt, maxTokens: 4 });
    const error = await collect(
      (async function* () {
        for await (const event of events) {
          decisions.push(...decisionsOf([event]));
          yield event;
        }
      })(),
    ).catch((e: unknown) => e);
    expect(decisions).toEqual([expect.objectContaining({ route: 'remote', reason: 'over-budget' })]);
    expect(error).toMatchObject({ code: 'REMOTE_ERROR', details: { status: 400, code: 'CONTEXT_OVERFLOW' } });
    expect(local.calls.started).toBe(0);
  });

  it('sends a request the local memory budget can never hold to the remote (MEMORY_BUDGET_EXCEEDED locally)', async () => {
    // A device whose budget holds the weights and not one token of KV: learn the weights' size, then give 1 byte more.
    const reservedBytes = await tinyEngine({ memoryBudgetBytes: 1 }).then(
      () => Number.NaN,
      (error: PocketLMError) => error.details?.reservedBytes as number,
    );
    expect(reservedBytes).toBeGreaterThan(0);
    const cramped = await tinyEngine({ memoryBudgetBytes: reservedBytes + 1 });
    try {
      const before = remoteCalls.started;
      const router = createEscalationRouter({
        local: cramped,
        remote,
        minMeanLogprob: -1000,
        onRemoteFailure: 'local',
      });
      const events = await collect(router.stream(HELLO));
      expect(decisionsOf(events)).toEqual([
        expect.objectContaining({ route: 'remote', reason: 'over-budget' }),
      ]);
      expect(finishOf(events).tokens).toEqual([]);
      expect(remoteCalls.started).toBe(before + 1);
    } finally {
      await cramped.dispose();
    }
  });

  it('aborting while the local answer is still held → ABORTED, and nothing is sent to the remote', async () => {
    const before = remoteCalls.started;
    const controller = new AbortController();
    // The user stops as soon as the local model has produced a token (which buffer mode has not shown).
    const local = wrapEngine(localEngine, {
      async *wrapStream({ request, doStream }) {
        for await (const event of doStream(request)) {
          if (event.type === 'token') controller.abort();
          yield event;
        }
      },
    });
    const router = createEscalationRouter({ local, remote, minMeanLogprob: 0, onRemoteFailure: 'local' });
    const error = await collect(router.stream({ ...HELLO, maxTokens: 64, signal: controller.signal })).catch(
      (e: unknown) => e,
    );
    expect(PocketLMError.isInstance(error, 'ABORTED')).toBe(true);
    expect(remoteCalls.started).toBe(before);
  });

  it('without a threshold, keeps the local answer unjudged and computes no log-probabilities', async () => {
    const router = createEscalationRouter({ local: localEngine, remote, onRemoteFailure: 'error' });
    const events = await collect(router.stream(HELLO));
    const [decision] = decisionsOf(events);
    expect(decision).toMatchObject({ route: 'local', reason: 'accepted' });
    expect(decision.meanLogprob).toBeUndefined();
    expect(events.some((e) => e.type === 'token' && e.logprob !== undefined)).toBe(false);
    const result = await router.generate(HELLO);
    expect(result.text).toBe(finishOf(events).text);
  });
});
