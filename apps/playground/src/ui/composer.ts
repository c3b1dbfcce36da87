import { canSend, type PlaygroundState } from '../state/playground-state.js';
import type { Store } from '../state/store.js';
import { h } from './dom.js';

/** What one send asks the engine for. */
export interface SendRequest {
  text: string;
  maxTokens: number;
  temperature: number;
}

export interface ComposerHandlers {
  send(request: SendRequest): void;
  stop(): void;
  clear(): void;
}

/**
 * The message box under the chat: a textarea (Enter sends, Shift+Enter is a new line), the generation settings,
 * and one button that is Send while idle and Stop (or Escape) while a reply streams.
 */
export function mountComposer(store: Store, handlers: ComposerHandlers): HTMLElement {
  const textarea = h('textarea', {
    rows: 2,
    placeholder: 'Message the model…',
    'aria-label': 'Message',
    'data-testid': 'composer-input',
  });
  const maxTokens = numberField('Max tokens', 'max-tokens', 128, { min: 1, max: 4096, step: 1 });
  const temperature = numberField('Temperature', 'temperature', 0, { min: 0, max: 2, step: 0.1 });
  const send = h('button', { type: 'submit', class: 'primary', 'data-testid': 'send-button' }, 'Send');
  const stop = h(
    'button',
    {
      type: 'button',
      class: 'danger',
      'data-testid': 'stop-button',
      hidden: true,
      onclick: () => handlers.stop(),
    },
    'Stop',
  );
  const clear = h(
    'button',
    { type: 'button', class: 'ghost', 'data-testid': 'clear-button', onclick: () => handlers.clear() },
    'New chat',
  );
  const form = h(
    'form',
    { class: 'composer' },
    textarea,
    h(
      'div',
      { class: 'composer-row' },
      maxTokens.label,
      temperature.label,
      h('span', { class: 'spacer' }),
      clear,
      stop,
      send,
    ),
  );

  const submit = () => {
    const text = textarea.value.trim();
    if (text === '' || !canSend(store.state)) return;
    handlers.send({ text, maxTokens: maxTokens.value(), temperature: temperature.value() });
    textarea.value = '';
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });
  // Escape stops a streaming reply from anywhere on the page, as Stop does.
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && store.state.streamingTurnId !== undefined) handlers.stop();
  });

  const render = (state: PlaygroundState) => {
    const streaming = state.streamingTurnId !== undefined;
    send.hidden = streaming;
    stop.hidden = !streaming;
    send.disabled = !canSend(state);
    clear.disabled = streaming || state.turns.length === 0;
    textarea.disabled = state.model.kind !== 'ready';
    textarea.placeholder =
      state.model.kind === 'ready' ? 'Message the model…' : 'Load a model to start chatting';
  };
  store.subscribe(render);
  render(store.state);
  return form;
}

interface NumberField {
  label: HTMLLabelElement;
  value(): number;
}

function numberField(
  text: string,
  testId: string,
  initial: number,
  range: { min: number; max: number; step: number },
): NumberField {
  const input = h('input', { type: 'number', ...range, value: initial, 'data-testid': testId });
  const label = h('label', { class: 'setting' }, text, input);
  return {
    label,
    // An empty or out-of-range field falls back to the default instead of failing the request.
    value: () => {
      const v = input.valueAsNumber;
      return Number.isFinite(v) && v >= range.min && v <= range.max ? v : initial;
    },
  };
}
