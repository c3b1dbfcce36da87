import type { CachedModel, PlaygroundState } from '../state/playground-state.js';
import type { Store } from '../state/store.js';
import { h } from './dom.js';
import { formatBytes } from './format.js';
import { trashIcon } from './icons.js';
import { modelLabel } from './model-label.js';

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
    list.replaceChildren(...state.cached.map((m) => cachedItem(m, busy, handlers)));
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

function cachedItem(model: CachedModel, busy: boolean, handlers: CachedModelsHandlers): HTMLElement {
  const { name, origin } = modelLabel(model.label);
  return h(
    'li',
    { class: 'cached-item', 'data-testid': 'cached-model', 'data-key': model.key },
    h(
      'button',
      {
        type: 'button',
        class: 'link',
        title: `Load ${model.label}`,
        onclick: () => handlers.use(model.label),
      },
      h('span', { class: 'cached-name' }, name),
      h(
        'span',
        { class: 'cached-origin' },
        [origin, model.bytes === undefined ? '' : formatBytes(model.bytes)]
          .filter((part) => part !== '')
          .join(' · '),
      ),
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'icon',
        title: `Delete ${model.label}`,
        'aria-label': `Delete ${model.label}`,
        'data-testid': 'delete-cached',
        disabled: busy,
        onclick: () => handlers.remove(model.key),
      },
      trashIcon(),
    ),
  );
}
