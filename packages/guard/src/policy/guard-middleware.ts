import type { EngineMiddleware, FinishEvent, StreamEvent, TextGenerator } from '@pocketlm/core';
import { type WrappedEngine, wrapEngine } from '@pocketlm/core';
import { PiiVault } from '../pii/pii-vault.js';
import { StreamRedactor, type StreamRedactorChunk } from '../stream/stream-redactor.js';
import type { GuardDecision } from './guard-check.js';
import { guardRequest } from './guard-input.js';
import type { GuardPolicy } from './guard-policy.js';

/** The `source` of the guard's `annotation` events; `data` is a {@link GuardDecision}. */
export const GUARD_SOURCE = 'pocketlm-guard';

/** Whether a stream event is one of the guard's decisions. */
export function isGuardEvent(
  event: StreamEvent,
): event is { type: 'annotation'; source: typeof GUARD_SOURCE; data: GuardDecision } {
  return event.type === 'annotation' && event.source === GUARD_SOURCE;
}

/**
 * The guard as engine middleware. Before a request runs, its input is checked (blocked with `CONTENT_BLOCKED`, or
 * redacted into placeholders). While the reply streams, output checks run over a held-back window, so nothing a
 * check would catch is shown first; a block ends the reply with `finishReason: 'content-filter'`. Placeholders the
 * model repeats are restored for the user (`restoreRedactions`). Raw `token` events are dropped: their text has
 * not been checked. Every decision streams as an `annotation` event.
 */
export function guardMiddleware(policy: GuardPolicy): EngineMiddleware {
  return {
    async *wrapStream({ request, doStream, engine }) {
      const started = performance.now();
      const vault = new PiiVault();
      const found: GuardDecision[] = [];
      const guarded = await guardRequest(request, policy, vault, (d) => found.push(d));
      for (const decision of found) yield annotation(decision);

      const redactor = new StreamRedactor({
        checks: policy.output ?? [],
        holdBack: policy.holdBackChars ?? 256,
        vault,
        signal: request.signal,
      });
      const restorer = policy.restoreRedactions !== false && vault.size > 0 ? vault.restorer() : undefined;
      let shown = '';
      let completionTokens = 0;
      let firstTokenAt = 0;
      // Output text: decisions as annotations, then the safe text (placeholders restored for the user).
      const release = function* (chunk: StreamRedactorChunk, last: boolean): Generator<StreamEvent> {
        for (const decision of chunk.decisions) {
          policy.onDecision?.(decision);
          yield annotation(decision);
        }
        let text = restorer ? restorer.push(chunk.text) : chunk.text;
        if (last && restorer) text += restorer.flush();
        if (text) {
          shown += text;
          yield { type: 'text-delta', text };
        }
      };

      for await (const event of doStream(guarded)) {
        if (event.type === 'token') {
          completionTokens++;
          firstTokenAt ||= performance.now();
          continue;
        }
        if (event.type === 'text-delta') {
          const chunk = await redactor.pushAsync(event.text);
          yield* release(chunk, chunk.stopped);
          if (chunk.stopped) {
            // Leaving the loop cancels the generation beneath.
            yield filteredFinish(shown, completionTokens, started, firstTokenAt, guarded, engine);
            return;
          }
          continue;
        }
        if (event.type === 'finish') {
          const chunk = await redactor.flushAsync();
          yield* release(chunk, true);
          yield {
            ...event,
            text: shown,
            ...(chunk.stopped ? { finishReason: 'content-filter' as const } : {}),
          };
          return;
        }
        yield event;
      }
    },
  };
}

function annotation(decision: GuardDecision): StreamEvent {
  return { type: 'annotation', source: GUARD_SOURCE, data: decision };
}

/** The finish of a reply the guard stopped: what was shown, and the counts known at that point. */
function filteredFinish(
  text: string,
  completionTokens: number,
  started: number,
  firstTokenAt: number,
  request: Parameters<TextGenerator['stream']>[0],
  engine: TextGenerator,
): FinishEvent {
  const promptTokens = engine.countTokens(request.messages ?? request.prompt ?? '');
  const end = performance.now();
  return {
    type: 'finish',
    finishReason: 'content-filter',
    text,
    tokens: [],
    seed: request.seed ?? 0,
    usage: {
      promptTokens,
      cachedPromptTokens: 0,
      completionTokens,
      totalTokens: promptTokens + completionTokens,
    },
    timings: {
      timeToFirstTokenMs: firstTokenAt ? firstTokenAt - started : end - started,
      prefillMs: 0,
      decodeMs: 0,
      totalMs: end - started,
      prefillTokensPerSecond: 0,
      decodeTokensPerSecond: 0,
    },
  };
}

/** An engine behind the guard: the same calls, with `policy` applied to every request and reply. */
export function withGuard(
  engine: TextGenerator & { dispose?: () => Promise<void> },
  policy: GuardPolicy,
): WrappedEngine {
  return wrapEngine(engine, guardMiddleware(policy));
}
