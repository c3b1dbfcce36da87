import type { GuardCheck, GuardDecision, GuardSpan, GuardStage } from '../policy/guard-check.js';
import { detectPii, type PiiDetectOptions } from './detect-pii.js';

/** Options of {@link piiCheck}. */
export interface PiiCheckOptions extends PiiDetectOptions {
  /** What to do when something is found (default `redact`). */
  action?: 'redact' | 'block' | 'ask';
  /** Where the check runs (default: every stage). */
  stages?: readonly GuardStage[];
}

const ALL_STAGES: readonly GuardStage[] = ['input', 'output', 'tool-result', 'retrieved'];

function describe(spans: readonly GuardSpan[]): string {
  const counts = new Map<string, number>();
  for (const span of spans) counts.set(span.label, (counts.get(span.label) ?? 0) + 1);
  return [...counts].map(([label, count]) => `${count} ${label}`).join(', ');
}

/**
 * The `pii` check: finds personal data and credentials with {@link detectPii} and asks for `action` on their
 * (merged) spans; finding nothing is an `allow` decision with no spans.
 */
export function piiCheck(options: PiiCheckOptions = {}): GuardCheck {
  const action = options.action ?? 'redact';
  const stages = options.stages ?? ALL_STAGES;
  return {
    name: 'pii',
    stages,
    check(text, context): GuardDecision {
      const spans = detectPii(text, options);
      if (spans.length === 0)
        return {
          check: 'pii',
          stage: context.stage,
          action: 'allow',
          reason: 'No personal data found.',
          spans,
        };
      return {
        check: 'pii',
        stage: context.stage,
        action,
        reason: `Personal data found: ${describe(spans)}.`,
        spans,
        score: 1,
      };
    },
  };
}
