import type { ReplyStats } from '../state/reply-stats.js';
import { h } from './dom.js';
import { formatMs, formatRate } from './format.js';

const FINISH_LABELS: Record<string, string> = {
  stop: 'finished',
  length: 'max tokens',
  'content-filter': 'filtered',
  stopped: 'stopped',
  error: 'failed',
};

/** The small line under a reply: `TTFT 42 ms · 180 tok/s · 64 tokens · wasm · finished`. */
export function replyStatsLine(stats: ReplyStats): HTMLElement {
  const parts: [string, string][] = [];
  if (stats.timeToFirstTokenMs !== undefined)
    parts.push(['ttft', `TTFT ${formatMs(stats.timeToFirstTokenMs)}`]);
  if (stats.tokensPerSecond !== undefined) parts.push(['rate', formatRate(stats.tokensPerSecond)]);
  parts.push(['tokens', `${stats.tokens} token${stats.tokens === 1 ? '' : 's'}`]);
  parts.push(['backend', stats.backend]);
  parts.push(['finish', FINISH_LABELS[stats.finishReason] ?? stats.finishReason]);
  return h(
    'div',
    { class: 'reply-stats', 'data-testid': 'reply-stats' },
    ...parts.map(([name, text]) => h('span', { 'data-stat': name }, text)),
  );
}
