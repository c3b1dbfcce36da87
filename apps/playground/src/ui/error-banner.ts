import type { PlaygroundState } from '../state/playground-state.js';
import type { Store } from '../state/store.js';
import { h, setText } from './dom.js';

/** A red banner under the model bar with the last error's message and code; the × dismisses it. */
export function mountErrorBanner(store: Store): HTMLElement {
  const code = h('span', { class: 'error-code', 'data-testid': 'error-code' });
  const message = h('span', { class: 'error-message', 'data-testid': 'error-message' });
  const dismiss = h(
    'button',
    {
      type: 'button',
      class: 'icon',
      'aria-label': 'Dismiss error',
      onclick: () => store.dispatch({ type: 'error-dismissed' }),
    },
    '×',
  );
  const banner = h(
    'div',
    { class: 'error-banner', role: 'alert', 'data-testid': 'error-banner', hidden: true },
    h('span', { class: 'error-icon', 'aria-hidden': 'true' }, '!'),
    h('div', { class: 'error-text' }, code, message),
    dismiss,
  );
  const render = (state: PlaygroundState) => {
    banner.hidden = state.error === undefined;
    setText(code, state.error?.code ?? '');
    code.hidden = state.error?.code === undefined;
    setText(message, state.error?.message ?? '');
  };
  store.subscribe(render);
  render(store.state);
  return banner;
}
