import { injectionRules } from '../injection/injection-rules.js';
import { piiCheck } from '../pii/pii-check.js';
import type { GuardCheck } from './guard-check.js';
import type { GuardPolicy } from './guard-policy.js';

/**
 * A starting policy with the rule-based checks (no model needed, well under a millisecond per prompt):
 * prompt-injection and jailbreak rules on input, tool results and retrieved chunks; PII redacted on the way in
 * (and restored in the answer), on the way out, and in tool results. Add a `classifierCheck` to `input` for
 * harmful prompts the rules cannot word-match.
 */
export function recommendedPolicy(
  extra: Partial<Record<'input' | 'output' | 'toolResults' | 'retrieved', GuardCheck[]>> = {},
): GuardPolicy {
  const injection = injectionRules();
  const pii = piiCheck();
  return {
    input: [injection, pii, ...(extra.input ?? [])],
    output: [pii, ...(extra.output ?? [])],
    toolResults: [injection, pii, ...(extra.toolResults ?? [])],
    retrieved: [injection, pii, ...(extra.retrieved ?? [])],
  };
}
