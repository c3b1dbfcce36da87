import type { Engine } from '@pocketlm/core';
import { recommendedPolicy, withGuard } from '@pocketlm/guard';
import type { RunningServer } from '@pocketlm/server';
import { collect } from '@pocketlm/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEscalationRouter, type RemoteGenerator } from '../src/index.js';
import { type Calls, closeAll, decisionsOf, localAndRemote } from './escalation-fixture.js';

let localEngine: Engine;
let remoteEngine: Engine;
let server: RunningServer;
let remote: RemoteGenerator;
let remoteCalls: Calls;

beforeAll(async () => {
  ({ localEngine, remoteEngine, server, remote, calls: remoteCalls } = await localAndRemote());
});
afterAll(() => closeAll(server, localEngine, remoteEngine));

describe('createEscalationRouter: what leaves the device', () => {
  it('with the guard around the router, the remote receives redacted text, never the address', async () => {
    const router = createEscalationRouter({
      local: localEngine,
      remote,
      minMeanLogprob: 0,
      onRemoteFailure: 'error',
    });
    const assistant = withGuard(router, recommendedPolicy());
    const events = await collect(
      assistant.stream({
        messages: [{ role: 'user', content: 'Email jane.doe@acme.io about the meeting.' }],
        maxTokens: 8,
        temperature: 0,
      }),
    );
    expect(decisionsOf(events)).toEqual([
      expect.objectContaining({ route: 'remote', reason: 'low-confidence' }),
    ]);
    const sent = JSON.stringify(remoteCalls.requests.at(-1)?.messages);
    expect(sent).toContain('[EMAIL_1]');
    expect(sent).not.toContain('jane.doe@acme.io');
  });

  it('sends the request as the caller gave it: no logprobs forced by the router, the system prompt included', async () => {
    const router = createEscalationRouter({
      local: localEngine,
      remote,
      minMeanLogprob: 0,
      onRemoteFailure: 'error',
    });
    const messages = [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Hello' },
    ];
    await collect(router.stream({ messages, maxTokens: 4, temperature: 0, seed: 5 }));
    const received = remoteCalls.requests.at(-1);
    expect(received?.messages).toEqual(messages);
    expect(received).toMatchObject({ maxTokens: 4, temperature: 0, seed: 5 });
    expect(received?.logprobs).not.toBe(true);
  });
});
