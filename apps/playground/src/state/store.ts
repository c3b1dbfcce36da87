import type { Action } from './actions.js';
import { initialState, type PlaygroundState } from './playground-state.js';
import { reduce } from './reduce.js';

export type Listener = (state: PlaygroundState, previous: PlaygroundState) => void;

/** Holds the current state; `dispatch` reduces an action and tells every listener what changed. */
export class Store {
  #state: PlaygroundState;
  readonly #listeners = new Set<Listener>();

  constructor(state: PlaygroundState = initialState) {
    this.#state = state;
  }

  get state(): PlaygroundState {
    return this.#state;
  }

  dispatch(action: Action): void {
    const previous = this.#state;
    this.#state = reduce(previous, action);
    if (this.#state === previous) return;
    for (const listener of this.#listeners) listener(this.#state, previous);
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
