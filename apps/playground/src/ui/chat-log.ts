import type { ChatTurn, PlaygroundState } from '../state/playground-state.js';
import type { Store } from '../state/store.js';
import { h, setAttr, setText } from './dom.js';
import { replyStatsLine } from './reply-stats-line.js';

interface RenderedTurn {
  turn: ChatTurn;
  root: HTMLElement;
  text: HTMLElement;
}

/**
 * The conversation as chat bubbles. Each turn is rendered once and then only patched when its state object
 * changes (the reducer replaces a turn on every token), so streaming stays cheap and text selection survives.
 * Assistant bubbles carry their token ids in `data-token-ids` for tests and anyone inspecting the page.
 */
export function mountChatLog(store: Store): HTMLElement {
  const empty = h(
    'div',
    { class: 'chat-empty' },
    h('p', { class: 'chat-empty-title' }, 'Chat with a model running in your browser'),
    h('p', {}, 'Load a model above, then say something. Nothing leaves this device.'),
  );
  const log = h('div', { class: 'chat-log', 'data-testid': 'chat-log', 'aria-live': 'polite' }, empty);
  const rendered = new Map<number, RenderedTurn>();

  const render = (state: PlaygroundState) => {
    empty.hidden = state.turns.length > 0;
    const live = new Set(state.turns.map((t) => t.id));
    for (const [id, r] of rendered) {
      if (!live.has(id)) {
        r.root.remove();
        rendered.delete(id);
      }
    }
    const nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 48;
    for (const turn of state.turns) {
      const existing = rendered.get(turn.id);
      if (existing === undefined) {
        const created = createTurn(turn);
        rendered.set(turn.id, created);
        log.append(created.root);
        patchTurn(created, turn);
      } else if (existing.turn !== turn) {
        patchTurn(existing, turn);
      }
    }
    // Follow the stream unless the reader scrolled up to read something.
    if (nearBottom) log.scrollTop = log.scrollHeight;
  };
  store.subscribe(render);
  render(store.state);
  return log;
}

function createTurn(turn: ChatTurn): RenderedTurn {
  const text = h('div', { class: 'bubble-text' });
  const root = h(
    'article',
    { class: `message ${turn.role}`, 'data-testid': 'message', 'data-role': turn.role },
    h('div', { class: 'avatar', 'aria-hidden': 'true' }, turn.role === 'user' ? 'You' : 'AI'),
    h('div', { class: 'bubble' }, text),
  );
  return { turn, root, text };
}

function patchTurn(r: RenderedTurn, turn: ChatTurn): void {
  r.turn = turn;
  setText(r.text, turn.text);
  setAttr(r.root, 'data-status', turn.status);
  if (turn.role === 'assistant') setAttr(r.root, 'data-token-ids', turn.tokenIds.join(','));
  const bubble = r.text.parentElement as HTMLElement;
  const oldStats = bubble.querySelector('.reply-stats');
  if (turn.stats && !oldStats) bubble.append(replyStatsLine(turn.stats));
}
