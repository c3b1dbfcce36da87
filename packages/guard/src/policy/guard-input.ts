import type { ChatMessage, GenerateRequest } from '@pocketlm/core';
import { PocketLMError } from '@pocketlm/core';
import type { PiiVault } from '../pii/pii-vault.js';
import type { GuardDecision, GuardStage } from './guard-check.js';
import type { GuardPolicy } from './guard-policy.js';
import { withheldNotice } from './guard-tool-results.js';
import { runChecks } from './run-checks.js';

/** Which checks see a message: the user's and system text as input, tool messages as tool results. */
function stageOf(message: ChatMessage): GuardStage | undefined {
  if (message.role === 'user' || message.role === 'system') return 'input';
  if (message.role === 'tool' || message.role === 'ipython') return 'tool-result';
  return undefined; // the model's own earlier replies were checked as output
}

/**
 * Checks a request's prompt or messages before it runs: blocks it with `CONTENT_BLOCKED` (naming the check and
 * why), or returns it with redacted spans replaced by the vault's placeholders; a blocked `tool` message is
 * replaced by a notice instead. Every decision is handed to `report`.
 */
export async function guardRequest(
  request: GenerateRequest,
  policy: GuardPolicy,
  vault: PiiVault,
  report: (decision: GuardDecision) => void,
): Promise<GenerateRequest> {
  const screen = async (text: string, stage: GuardStage): Promise<string> => {
    const checks = stage === 'input' ? policy.input : policy.toolResults;
    const outcome = await runChecks(checks, text, stage, policy, request.signal);
    for (const decision of outcome.decisions) report(decision);
    // A tool's output is not the user's request: withhold it and let the conversation go on.
    if (outcome.blocked && stage === 'tool-result') return withheldNotice(outcome.blocked);
    if (outcome.blocked) {
      const { check, reason } = outcome.blocked;
      throw new PocketLMError('CONTENT_BLOCKED', `The guard blocked the request (${check}): ${reason}`, {
        details: { decision: outcome.blocked },
      });
    }
    const spans = outcome.redactions.flatMap((d) => d.spans);
    return spans.length ? vault.redact(text, spans) : text;
  };
  if (request.prompt !== undefined) return { ...request, prompt: await screen(request.prompt, 'input') };
  const messages: ChatMessage[] = [];
  for (const message of request.messages ?? []) {
    const stage = stageOf(message);
    messages.push(stage ? { ...message, content: await screen(message.content, stage) } : message);
  }
  return { ...request, messages };
}
