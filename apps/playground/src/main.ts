import './styles.css';
import { installDebugHook } from './debug-hook.js';
import { ChatController } from './engine/chat-controller.js';
import { createPlaygroundEngine } from './engine/worker-engine.js';
import { DEFAULT_BACKEND, parseBackendChoice } from './state/backend-choice.js';
import { initialState } from './state/playground-state.js';
import { Store } from './state/store.js';
import { mountCachedModels } from './ui/cached-models.js';
import { mountChatLog } from './ui/chat-log.js';
import { mountComposer } from './ui/composer.js';
import { h } from './ui/dom.js';
import { mountErrorBanner } from './ui/error-banner.js';
import { mountModelBar } from './ui/model-bar.js';

// `?model=<url or hub id>` prefills the model field, so a link can point at a model; `?backend=pocketlm-wasm`
// picks the backend.
const params = new URLSearchParams(location.search);
const store = new Store({
  ...initialState,
  backend: parseBackendChoice(params.get('backend')) ?? DEFAULT_BACKEND,
});
const controller = new ChatController(store, createPlaygroundEngine);

const modelBar = mountModelBar(
  store,
  {
    load: (source) => void controller.load(source),
    cancel: () => controller.cancelLoad(),
    selectBackend: (backend) => void controller.selectBackend(backend),
  },
  params.get('model') ?? '',
);
const root = document.getElementById('app') as HTMLElement;
root.append(
  h(
    'header',
    { class: 'topbar' },
    h('h1', {}, 'PocketLM ', h('span', {}, 'Playground')),
    h('p', {}, 'A language model running in this tab: WebGPU when available, WebAssembly otherwise.'),
  ),
  modelBar,
  mountErrorBanner(store),
  h(
    'div',
    { class: 'main' },
    h(
      'section',
      { class: 'chat' },
      mountChatLog(store),
      mountComposer(store, {
        send: (request) => void controller.send(request),
        stop: () => controller.stop(),
        clear: () => store.dispatch({ type: 'chat-cleared' }),
      }),
    ),
    mountCachedModels(store, {
      remove: (key) => void controller.deleteCached(key),
      clear: () => void controller.clearCached(),
      use: (source) => {
        const input = modelBar.querySelector('input') as HTMLInputElement;
        input.value = source;
        void controller.load(source);
      },
    }),
  ),
);
installDebugHook(store, controller);
void controller.refreshCached();
