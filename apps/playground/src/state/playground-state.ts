import { type BackendChoice, DEFAULT_BACKEND } from './backend-choice.js';
import type { DownloadTotals } from './download-totals.js';
import type { ReplyStats } from './reply-stats.js';

/** What the page knows about the loaded model, as the engine reported it. */
export interface LoadedModel {
  /** The URL or hub id the user typed. */
  source: string;
  /** Backend the engine picked (e.g. `webgpu`, `wasm`). */
  backend: string;
  /** Why that backend (e.g. "WebGPU adapter unavailable"), when the engine says. */
  backendReason?: string;
  /** Kernel threads the model runs on, when the backend says (`pocketlm-wasm` does). */
  threads?: number;
  /** Every file came from the browser's model store: nothing was downloaded. */
  fromStore: boolean;
  /** Facts about the model for the status line: weight type, layers, context length. */
  details?: string;
}

/** After the files are in, the engine still reads the tokenizer and builds the weights' session. */
export type LoadPhase = 'tokenizer' | 'weights';

/** An error as the banner shows it: a stable code when the SDK gave one, and a human message. */
export interface ErrorView {
  code?: string;
  message: string;
}

export type ModelStatus =
  | { kind: 'none' }
  | { kind: 'loading'; source: string; progress: DownloadTotals; phase?: LoadPhase }
  | { kind: 'ready'; model: LoadedModel }
  | { kind: 'failed'; source: string; error: ErrorView };

export type TurnStatus = 'streaming' | 'done' | 'stopped' | 'failed';

export interface ChatTurn {
  id: number;
  role: 'user' | 'assistant';
  text: string;
  status: TurnStatus;
  /** Token ids of an assistant reply, in order (exposed for tests and curious users). */
  tokenIds: number[];
  /** Filled when an assistant reply ends, however it ends. */
  stats?: ReplyStats;
}

/** One model in the browser's model store. */
export interface CachedModel {
  /** The store's key (`url/host/path` or `hf/org/name/revision`). */
  key: string;
  /** The URL or hub id it was loaded from, when this page loaded it (then it can be loaded again with a click). */
  source?: string;
}

/** Everything the page renders; changed only by `reduce` in response to an `Action`. */
export interface PlaygroundState {
  /** The engine models load on (picked in the model bar). */
  backend: BackendChoice;
  model: ModelStatus;
  turns: ChatTurn[];
  /** The reply being streamed, if any: the composer shows Stop instead of Send while it is set. */
  streamingTurnId?: number;
  /** The error banner; dismissed by the user or replaced by the next error. */
  error?: ErrorView;
  cached: CachedModel[];
  nextTurnId: number;
}

export const initialState: PlaygroundState = {
  backend: DEFAULT_BACKEND,
  model: { kind: 'none' },
  turns: [],
  cached: [],
  nextTurnId: 1,
};

/** What the banner says after the engine's worker died and the page started a fresh one. */
export const ENGINE_RESTARTED_ERROR: ErrorView = {
  code: 'WORKER_CRASHED',
  message: 'The engine stopped unexpectedly; it has been restarted. Load the model again.',
};

/** The backend label the stats line shows: `wasm`, `webgpu`, or `pocketlm-wasm · 2 threads`. */
export function backendLabel(model: LoadedModel): string {
  if (model.threads === undefined) return model.backend;
  return `${model.backend} · ${model.threads} thread${model.threads === 1 ? '' : 's'}`;
}

/** The page can send a message only with a ready model and no reply in flight. */
export function canSend(state: PlaygroundState): boolean {
  return state.model.kind === 'ready' && state.streamingTurnId === undefined;
}

/** Loading a model while a reply streams would pull the model out from under it. */
export function canLoad(state: PlaygroundState): boolean {
  return state.model.kind !== 'loading' && state.streamingTurnId === undefined;
}
