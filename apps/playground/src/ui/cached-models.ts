import type { PlaygroundState } from '../state/playground-state.js';
import type { Store } from '../state/store.js';
import { h } from './dom.js';
import { formatBytes } from './format.js';

export interface CachedModelsHandlers {
  remove(key: string): void;
  clear(): void;
  use(label: string): void;
}

/** The side panel listing models in the browser's model store, each with a delete button. */
export function mountCachedModels(store: Store, handlers: CachedModelsHandlers): HTMLElement {
  const list = h('ul', { class: 'cached-list', 'data-testid': 'cached-list' });
  const clearAll = h(
    'button',
    { type: 'button', class: 'ghost small', 'data-testid': 'clear-cache', onclick: () => handlers.clear() },
    'Clear all',
  );
  const render = (state: PlaygroundState, previous?: PlaygroundState) => {
    if (previous && previous.cached === state.cached && previous.streamingTurnId === state.streamingTurnId)
      return;
    const busy = state.model.kind === 'loading' || state.streamingTurnId !== undefined;
    clearAll.disabled = busy || state.cached.length === 0;
    if (state.cached.length === 0) {
      list.replaceChildren(
        h('li', { class: 'cached-empty' }, 'Models you load are kept here for offline use.'),
      );
      return;
    }
    list.replaceChildren(
      ...state.cached.map((m) =>
        h(
          'li',
          { class: 'cached-item', 'data-testid': 'cached-model', 'data-key': m.key },
          h(
            'button',
            { type: 'button', class: 'link', title: `Load ${m.label}`, onclick: () => handlers.use(m.label) },
            m.label,
          ),
          m.bytes !== undefined ? h('span', { class: 'size' }, formatBytes(m.bytes)) : '',
          h(
            'button',
            {
              type: 'button',
              class: 'icon',
              'aria-label': `Delete ${m.label}`,
              'data-testid': 'delete-cached',
              disabled: busy,
              onclick: () => handlers.remove(m.key),
            },
            '🗑',
          ),
        ),
      ),
    );
  };
  store.subscribe(render);
  render(store.state);
  return h(
    'aside',
    { class: 'sidebar' },
    h('div', { class: 'sidebar-head' }, h('h2', {}, 'Cached models'), clearAll),
    list,
  );
}
