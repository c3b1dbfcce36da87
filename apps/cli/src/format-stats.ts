import type { FinishEvent } from '@pocketlm/core';

/** One human line of usage and timings for the end of a reply. */
export function formatStats(finish: FinishEvent): string {
  const { usage: u, timings: t } = finish;
  const cached = u.cachedPromptTokens ? ` (${u.cachedPromptTokens} cached)` : '';
  return [
    `${u.promptTokens} prompt tokens${cached}, ${u.completionTokens} generated (${finish.finishReason})`,
    `time to first token ${t.timeToFirstTokenMs.toFixed(0)} ms`,
    `prefill ${t.prefillTokensPerSecond.toFixed(1)} tok/s`,
    `decode ${t.decodeTokensPerSecond.toFixed(1)} tok/s`,
  ].join(' · ');
}
