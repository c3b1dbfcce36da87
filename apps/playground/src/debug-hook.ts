import type { ChatController } from './engine/chat-controller.js';
import type { PlaygroundState } from './state/playground-state.js';
import type { Store } from './state/store.js';

/** View the page puts on `window.__pocketlm`, for tests and for poking at the page in devtools. */
export interface PlaygroundDebugHook {
  /** The current state (turns with their token ids, model status, cached models). */
  state(): PlaygroundState;
  /** Token ids of the last assistant reply, in order. */
  lastReplyTokenIds(): number[];
  /** Makes the engine's worker crash for real, to watch the page recover (banner, fresh worker, load again). */
  crashWorker(): void;
}

declare global {
  interface Window {
    __pocketlm?: PlaygroundDebugHook;
  }
}

export function installDebugHook(store: Store, controller: ChatController): void {
  window.__pocketlm = {
    state: () => store.state,
    lastReplyTokenIds: () => [...(store.state.turns.findLast((t) => t.role === 'assistant')?.tokenIds ?? [])],
    crashWorker: () => controller.crashEngine(),
  };
}
