import { type Engine, type StreamEvent, wrapEngine } from '@pocketlm/core';
import { type GuardCheck, guardMiddleware } from '@pocketlm/guard';
import type { RunningServer } from '@pocketlm/server';
import { collect } from '@pocketlm/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEscalationRouter,
  type EscalationRouterOptions,
  type RemoteGenerator,
  startsNewAnswer,
} from '../src/index.js';
import { closeAll, decisionsOf, downRemote, finishOf, HELLO, localAndRemote } from './escalation-fixture.js';

let localEngine: Engine;
let remoteEngine: Engine;
let server: RunningServer;
let remote: RemoteGenerator;
let down: RemoteGenerator;

beforeAll(async () => {
  ({ localEngine, remoteEngine, server, remote } = await localAndRemote());
  down = await downRemote();
});
afterAll(() => closeAll(server, localEngine, remoteEngine));

/** What a UI following the docs shows: text-deltas, cleared whenever `startsNewAnswer` says so. */
function screenOf(events: StreamEvent[]): string {
  let screen = '';
  for (const event of events) {
    if (startsNewAnswer(event)) screen = '';
    if (event.type === 'text-delta') screen += event.text;
  }
  return screen;
}

const allowAll: GuardCheck = { name: 'allow-all', stages: ['output'], check: () => undefined };

const outcomes: [string, () => Partial<EscalationRouterOptions>, string[]][] = [
  ['stays local', () => ({ remote, minMeanLogprob: -1000 }), ['local']],
  ['escalates', () => ({ remote, minMeanLogprob: 0 }), ['remote']],
  ['falls back after a remote failure', () => ({ remote: down, minMeanLogprob: 0 }), ['remote', 'local']],
  [
    'falls back, with guard annotations in the local answer',
    () => ({ remote: down, minMeanLogprob: 0, guard: guardMiddleware({ output: [allowAll] }) }),
    ['remote', 'local'],
  ],
  ['goes remote over budget', () => ({ remote, maxLocalPromptTokens: 2 }), ['remote']],
];

describe('the answer a UI shows is the finish text, in every mode and outcome', () => {
  for (const mode of ['buffer', 'stream-local'] as const) {
    it.each(outcomes)(`${mode}: %s`, async (_, options, routes) => {
      // Counts local generations, so a fallback is seen to replay the answer rather than generate it again.
      let localRuns = 0;
      const local = wrapEngine(localEngine, {
        wrapStream: ({ request, doStream }) => {
          localRuns++;
          return doStream(request);
        },
      });
      const router = createEscalationRouter({
        local,
        mode,
        onRemoteFailure: 'local',
        ...options(),
      } as EscalationRouterOptions);
      const events = await collect(router.stream(HELLO));
      expect(decisionsOf(events).map((d) => d.route)).toEqual(routes);
      const finish = finishOf(events);
      expect(finish.text.length).toBeGreaterThan(0);
      expect(screenOf(events)).toBe(finish.text);
      expect(localRuns).toBeLessThanOrEqual(1);
    });
  }
});
