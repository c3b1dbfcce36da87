import { type Engine, PocketLMError, type StreamEvent } from '@pocketlm/core';
import { collect } from '@pocketlm/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEscalationRouter,
  createOpenAICompatibleGenerator,
  type EscalationDecision,
  type RemoteGenerator,
} from '../src/index.js';
import {
  decisionsOf,
  downRemote,
  finishOf,
  HELLO,
  startRemote,
  textOf,
  tinyEngine,
} from './escalation-fixture.js';
import { startRawServer } from './sse-server.js';

let localEngine: Engine;
let remoteEngine: Engine;

beforeAll(async () => {
  [localEngine, remoteEngine] = await Promise.all([tinyEngine(), tinyEngine()]);
});
afterAll(async () => {
  await Promise.all([localEngine?.dispose(), remoteEngine?.dispose()]);
});

/** The events a stream produced before it failed, and the failure. */
async function eventsUntilFailure(events: AsyncIterable<StreamEvent>) {
  const seen: StreamEvent[] = [];
  try {
    for await (const event of events) seen.push(event);
  } catch (error) {
    return { seen, error };
  }
  throw new Error('the stream ended without an error');
}

/** A remote that accepts the request and never answers, with a 300 ms timeout. */
async function silentRemote() {
  const server = await startRawServer(() => {});
  const remote = createOpenAICompatibleGenerator({ baseURL: server.baseURL, model: 'slow', timeoutMs: 300 });
  return { server, remote };
}

/** A router whose every local answer escalates (no mean log-probability reaches 0), over `remote`. */
function escalatingRouter(remote: RemoteGenerator, onRemoteFailure: 'local' | 'error') {
  return createEscalationRouter({ local: localEngine, remote, minMeanLogprob: 0, onRemoteFailure });
}

describe('createEscalationRouter: the remote is down or slow', () => {
  it('down, onRemoteFailure "local": the local answer, annotated with the remote error', async () => {
    const router = escalatingRouter(await downRemote(), 'local');
    const events = await collect(router.stream(HELLO));
    const decisions = decisionsOf(events);
    expect(decisions.map((d) => [d.route, d.reason])).toEqual([
      ['remote', 'low-confidence'],
      ['local', 'remote-failed'],
    ]);
    expect(decisions[1].error?.code).toBe('REMOTE_ERROR');
    expect(decisions[1].meanLogprob).toBe(decisions[0].meanLogprob);
    const finish = finishOf(events);
    expect(finish.text).toBe((await localEngine.generate(HELLO)).text);
    expect(finish.tokens.length).toBeGreaterThan(0);
    expect(textOf(events)).toBe(finish.text);
  });

  it('down, onRemoteFailure "error": REMOTE_ERROR', async () => {
    const router = escalatingRouter(await downRemote(), 'error');
    const { seen, error } = await eventsUntilFailure(router.stream(HELLO));
    expect(PocketLMError.isInstance(error, 'REMOTE_ERROR')).toBe(true);
    expect(textOf(seen)).toBe('');
  });

  it('slow (no answer within timeoutMs), "local": TIMEOUT recorded, then the local answer', async () => {
    const { server, remote } = await silentRemote();
    try {
      const router = escalatingRouter(remote, 'local');
      const events = await collect(router.stream(HELLO));
      expect(decisionsOf(events).at(-1)).toMatchObject({
        route: 'local',
        reason: 'remote-failed',
        error: { code: 'TIMEOUT' },
      });
      expect(finishOf(events).tokens.length).toBeGreaterThan(0);
      await server.requests[0].aborted; // the hanging request was cancelled, not left open
    } finally {
      await server.close();
    }
  });

  it('slow, "error": TIMEOUT', async () => {
    const { server, remote } = await silentRemote();
    try {
      const router = escalatingRouter(remote, 'error');
      const { error } = await eventsUntilFailure(router.stream(HELLO));
      expect(PocketLMError.isInstance(error, 'TIMEOUT')).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('a response format the remote cannot express: the local answer ("local") or UNSUPPORTED_CONSTRAINT ("error")', async () => {
    const { server, remote, calls } = await startRemote(remoteEngine);
    try {
      const request = { ...HELLO, responseFormat: { type: 'regex' as const, pattern: '(yes|no)' } };
      const fallback = escalatingRouter(remote, 'local');
      const events = await collect(fallback.stream(request));
      expect(decisionsOf(events).at(-1)).toMatchObject({
        route: 'local',
        reason: 'remote-failed',
        error: { code: 'UNSUPPORTED_CONSTRAINT' },
      });
      expect(['yes', 'no']).toContain(finishOf(events).text);
      const strict = escalatingRouter(remote, 'error');
      const { error } = await eventsUntilFailure(strict.stream(request));
      expect(PocketLMError.isInstance(error, 'UNSUPPORTED_CONSTRAINT')).toBe(true);
      expect(calls.started).toBe(0); // refused before anything was sent
    } finally {
      await server.close();
    }
  });

  it('a prompt over the local budget has no local answer to fall back to: the remote error is thrown', async () => {
    const router = createEscalationRouter({
      local: localEngine,
      remote: await downRemote(),
      maxLocalPromptTokens: 2,
      onRemoteFailure: 'local',
    });
    const { seen, error } = await eventsUntilFailure(router.stream(HELLO));
    expect(decisionsOf(seen)).toEqual([expect.objectContaining({ route: 'remote', reason: 'over-budget' })]);
    expect(PocketLMError.isInstance(error, 'REMOTE_ERROR')).toBe(true);
  });

  it('aborting mid-stream on the remote route → ABORTED, and the remote generation is cancelled', async () => {
    // A slow remote model (20 ms an event), so the reply is still streaming when the user stops it.
    const { server, remote, calls } = await startRemote(remoteEngine, { delayMs: 20 });
    try {
      const router = escalatingRouter(remote, 'local');
      const controller = new AbortController();
      const decisions: EscalationDecision[] = [];
      const cancelled = calls.nextCancel();
      const { seen, error } = await eventsUntilFailure(
        (async function* () {
          for await (const event of router.stream({ ...HELLO, maxTokens: 200, signal: controller.signal })) {
            decisions.push(...decisionsOf([event]));
            if (event.type === 'text-delta') controller.abort();
            yield event;
          }
        })(),
      );
      expect(PocketLMError.isInstance(error, 'ABORTED')).toBe(true);
      // Aborting is not a remote failure: no fallback to the local answer.
      expect(decisions.map((d) => d.route)).toEqual(['remote']);
      expect(textOf(seen).length).toBeGreaterThan(0);
      await cancelled;
      expect(calls).toMatchObject({ started: 1, cancelled: 1 });
    } finally {
      await server.close();
    }
  });

  it('breaking out of the router stream during the remote answer cancels the remote generation', async () => {
    const { server, remote, calls } = await startRemote(remoteEngine, { delayMs: 20 });
    try {
      const router = escalatingRouter(remote, 'error');
      const cancelled = calls.nextCancel();
      for await (const event of router.stream({ ...HELLO, maxTokens: 200 })) {
        if (event.type === 'text-delta') break;
      }
      await cancelled;
      expect(calls.cancelled).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('closing the remote server between requests turns the next escalation into a local fallback', async () => {
    const { server, remote } = await startRemote(remoteEngine);
    const router = escalatingRouter(remote, 'local');
    const first = decisionsOf(await collect(router.stream(HELLO)));
    await server.close();
    const second = decisionsOf(await collect(router.stream(HELLO)));
    expect(first.map((d) => d.route)).toEqual(['remote']);
    expect(second.map((d) => [d.route, d.reason])).toEqual([
      ['remote', 'low-confidence'],
      ['local', 'remote-failed'],
    ]);
  });
});
