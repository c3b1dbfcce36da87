import type { CachedModel, PlaygroundState } from '../state/playground-state.js';
import type { Store } from '../state/store.js';
import { h } from './dom.js';
import { trashIcon } from './icons.js';
import { modelLabel } from './model-label.js';

export interface CachedModelsHandlers {
  remove(key: string): void;
  clear(): void;
  /** Load a cached model again by its source. */
  use(source: string): void;
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
  const { source } = model;
  const { name, origin } =
    source === undefined ? { name: model.key, origin: 'loaded elsewhere' } : modelLabel(source);
  const label = [h('span', { class: 'cached-name' }, name), h('span', { class: 'cached-origin' }, origin)];
  return h(
    'li',
    { class: 'cached-item', 'data-testid': 'cached-model', 'data-key': model.key },
    // Only a model whose source the page knows can be loaded from here; a bare store key is not a source.
    source === undefined
      ? h('span', { class: 'link', title: model.key }, ...label)
      : h(
          'button',
          {
            type: 'button',
            class: 'link',
            title: `Load ${source}`,
            'data-testid': 'load-cached',
            onclick: () => handlers.use(source),
          },
          ...label,
        ),
    h(
      'button',
      {
        type: 'button',
        class: 'icon',
        title: `Delete ${source ?? model.key}`,
        'aria-label': `Delete ${source ?? model.key}`,
        'data-testid': 'delete-cached',
        disabled: busy,
        onclick: () => handlers.remove(model.key),
      },
      trashIcon(),
    ),
  );
}
