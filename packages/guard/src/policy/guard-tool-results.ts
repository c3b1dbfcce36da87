import { redactSpans } from '../pii/redact-spans.js';
import type { GuardDecision } from './guard-check.js';
import type { GuardPolicy } from './guard-policy.js';
import { runChecks } from './run-checks.js';

/** What the model reads instead of a tool result the guard blocked. */
export const withheldNotice = (decision: GuardDecision): string =>
  `[Tool result withheld by the guard (${decision.check}): ${decision.reason}]`;

/**
 * The agent's `filterToolResult` for a policy: tool results are scanned with `policy.toolResults` before they
 * enter the context; a blocked result is replaced by a notice, redacted spans by `[REDACTED:label]`.
 */
export function guardToolResults(
  policy: GuardPolicy,
): (content: string, call: { name: string }, signal?: AbortSignal) => Promise<string> {
  return async (content, _call, signal) => {
    const outcome = await runChecks(policy.toolResults, content, 'tool-result', policy, signal);
    if (outcome.blocked) return withheldNotice(outcome.blocked);
    return outcome.redactions.length
      ? redactSpans(
          content,
          outcome.redactions.flatMap((d) => d.spans),
        )
      : content;
  };
}

/** Retrieved chunks after `guardRetrieved`: those that may enter the context, and those dropped with why. */
export interface ScreenedChunks<T> {
  kept: T[];
  dropped: { chunk: T; decision: GuardDecision }[];
}

/**
 * Screens retrieved chunks (RAG) with `policy.retrieved` before they enter the context: a blocked chunk is
 * dropped, a redacted one kept with `[REDACTED:label]` in place of its spans.
 */
export function guardRetrieved(
  policy: GuardPolicy,
): <T extends { text: string }>(chunks: readonly T[], signal?: AbortSignal) => Promise<ScreenedChunks<T>> {
  return async (chunks, signal) => {
    const screened: ScreenedChunks<(typeof chunks)[number]> = { kept: [], dropped: [] };
    for (const chunk of chunks) {
      const outcome = await runChecks(policy.retrieved, chunk.text, 'retrieved', policy, signal);
      if (outcome.blocked) screened.dropped.push({ chunk, decision: outcome.blocked });
      else if (outcome.redactions.length === 0) screened.kept.push(chunk);
      else
        screened.kept.push({
          ...chunk,
          text: redactSpans(
            chunk.text,
            outcome.redactions.flatMap((d) => d.spans),
          ),
        });
    }
    return screened;
  };
}
