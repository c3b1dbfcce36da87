import { BACKEND_LABELS, type BackendChoice, parseBackendChoice } from '../state/backend-choice.js';
import { fractionDone } from '../state/download-totals.js';
import { canLoad, type LoadPhase, type PlaygroundState } from '../state/playground-state.js';
import type { Store } from '../state/store.js';
import { h, setAttr, setText } from './dom.js';
import { formatBytes } from './format.js';

export interface ModelBarHandlers {
  load(source: string): void;
  cancel(): void;
  selectBackend(backend: BackendChoice): void;
}

/** Hub ids offered in the model field's suggestions (any URL or hub id can be typed). */
const SUGGESTED_MODELS = [
  'HuggingFaceTB/SmolLM2-135M-Instruct',
  'onnx-community/Qwen2.5-0.5B-Instruct',
  'onnx-community/Llama-3.2-1B-Instruct',
];

/** What the label says once the files are in and the engine is building the model. */
const PHASE_LABELS: Record<LoadPhase, string> = {
  tokenizer: 'Reading the tokenizer…',
  weights: 'Preparing the weights…',
};

/**
 * The bar at the top: a model field (URL or hub id), a Load button, the download progress while it loads and
 * the loaded model's backend once it is ready.
 */
export function mountModelBar(store: Store, handlers: ModelBarHandlers, initialSource: string): HTMLElement {
  const input = h('input', {
    id: 'model-source',
    type: 'text',
    list: 'model-suggestions',
    placeholder: 'Model URL or hub id, e.g. HuggingFaceTB/SmolLM2-135M-Instruct',
    spellcheck: 'false',
    autocomplete: 'off',
    'aria-label': 'Model URL or hub id',
    'data-testid': 'model-input',
  });
  input.value = initialSource;
  const suggestions = h('datalist', { id: 'model-suggestions' });
  for (const id of SUGGESTED_MODELS) suggestions.append(h('option', { value: id }));
  const backendPicker = h('select', {
    'aria-label': 'Backend',
    'data-testid': 'backend-picker',
    onchange: () => {
      const backend = parseBackendChoice(backendPicker.value);
      if (backend) handlers.selectBackend(backend);
    },
  });
  for (const [value, text] of Object.entries(BACKEND_LABELS))
    backendPicker.append(h('option', { value }, text));
  const loadButton = h('button', { type: 'submit', class: 'primary', 'data-testid': 'load-button' }, 'Load');
  const cancelButton = h(
    'button',
    {
      type: 'button',
      class: 'ghost',
      'data-testid': 'cancel-load',
      hidden: true,
      onclick: () => handlers.cancel(),
    },
    'Cancel',
  );
  const form = h(
    'form',
    { class: 'model-form' },
    input,
    suggestions,
    backendPicker,
    cancelButton,
    loadButton,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const source = input.value.trim();
    if (source !== '') handlers.load(source);
  });

  const bar = h('div', { class: 'progress-track' }, h('div', { class: 'progress-fill' }));
  const fill = bar.firstElementChild as HTMLElement;
  const label = h('span', { class: 'progress-label' });
  const progress = h('div', { class: 'progress', 'data-testid': 'progress', hidden: true }, bar, label);
  const status = h('div', { class: 'model-status', 'data-testid': 'model-status', 'aria-live': 'polite' });

  const render = (state: PlaygroundState, previous?: PlaygroundState) => {
    // Tokens stream through the store many times a second; this bar only cares about the model and the lock.
    if (
      previous &&
      state.model === previous.model &&
      state.streamingTurnId === previous.streamingTurnId &&
      state.backend === previous.backend
    )
      return;
    const { model } = state;
    loadButton.disabled = !canLoad(state);
    // Switching starts another worker: not while this one is loading or writing a reply.
    backendPicker.disabled = !canLoad(state);
    backendPicker.value = state.backend;
    setText(loadButton, model.kind === 'loading' ? 'Loading…' : 'Load');
    progress.hidden = model.kind !== 'loading';
    cancelButton.hidden = model.kind !== 'loading';
    setAttr(status, 'data-state', model.kind);
    if (model.kind === 'loading') {
      const done = fractionDone(model.progress);
      setAttr(bar, 'data-indeterminate', done === undefined);
      // Unknown size: a short bar slides back and forth instead.
      fill.style.width = done === undefined ? '30%' : `${Math.round(done * 100)}%`;
      const { loadedBytes, totalBytes, currentFile, cachedFiles } = model.progress;
      const bytes = totalBytes > 0 ? `${formatBytes(loadedBytes)} / ${formatBytes(totalBytes)}` : '';
      const cached = cachedFiles > 0 ? ` · ${cachedFiles} from store` : '';
      const phase = model.phase ? PHASE_LABELS[model.phase] : undefined;
      setText(label, phase ?? `${currentFile ?? 'Resolving files'} ${bytes}${cached}`.trim());
      setText(status, `Loading ${model.source}…`);
    } else if (model.kind === 'ready') {
      status.replaceChildren(
        h('span', { class: 'dot ok' }),
        h('strong', {}, model.model.source),
        h(
          'span',
          { class: 'badge', 'data-testid': 'backend', title: model.model.backendReason ?? '' },
          model.model.backend,
        ),
        model.model.fromStore
          ? h('span', { class: 'badge muted', 'data-testid': 'from-store' }, 'from store')
          : '',
        model.model.details
          ? h('span', { class: 'details', 'data-testid': 'model-details' }, model.model.details)
          : '',
        model.model.backendReason ? h('span', { class: 'reason' }, model.model.backendReason) : '',
      );
    } else if (model.kind === 'failed') {
      status.replaceChildren(h('span', { class: 'dot bad' }), `Could not load ${model.source}`);
    } else {
      setText(status, 'No model loaded. Type a model URL or hub id and press Load.');
    }
  };
  store.subscribe(render);
  render(store.state);
  return h('section', { class: 'model-bar' }, form, progress, status);
}
