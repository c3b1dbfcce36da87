import type { PlaygroundState } from './state/playground-state.js';
import type { Store } from './state/store.js';

/** Read-only view the page puts on `window.__pocketlm`, for tests and for poking at the page in devtools. */
export interface PlaygroundDebugHook {
  /** The current state (turns with their token ids, model status, cached models). */
  state(): PlaygroundState;
  /** Token ids of the last assistant reply, in order. */
  lastReplyTokenIds(): number[];
}

declare global {
  interface Window {
    __pocketlm?: PlaygroundDebugHook;
  }
}

export function installDebugHook(store: Store): void {
  window.__pocketlm = {
    state: () => store.state,
    lastReplyTokenIds: () => [...(store.state.turns.findLast((t) => t.role === 'assistant')?.tokenIds ?? [])],
  };
}
