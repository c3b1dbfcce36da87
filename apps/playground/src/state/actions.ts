import type { BackendChoice } from './backend-choice.js';
import type { FileProgress } from './download-totals.js';
import type { CachedModel, ErrorView, LoadedModel, LoadPhase } from './playground-state.js';
import type { ReplyStats } from './reply-stats.js';

/** Everything that can happen to the page; `reduce` turns each into the next state. */
export type Action =
  | { type: 'load-started'; source: string }
  | { type: 'load-progress'; event: FileProgress }
  | { type: 'load-phase'; phase: LoadPhase }
  | { type: 'load-succeeded'; model: LoadedModel }
  | { type: 'load-failed'; source: string; error: ErrorView }
  | { type: 'load-cancelled' }
  | { type: 'message-sent'; text: string }
  | { type: 'reply-token'; id: number }
  | { type: 'reply-text'; text: string }
  | { type: 'reply-ended'; status: 'done' | 'stopped'; stats: ReplyStats; text?: string }
  | { type: 'reply-failed'; error: ErrorView; stats: ReplyStats }
  | { type: 'error-shown'; error: ErrorView }
  | { type: 'error-dismissed' }
  | { type: 'chat-cleared' }
  | { type: 'cache-listed'; models: CachedModel[] }
  /** The user picked another backend: its own worker, with no model loaded yet. */
  | { type: 'backend-selected'; backend: BackendChoice }
  /**
   * The engine's worker died (`WORKER_CRASHED`) and a fresh one replaced it, with no model loaded; `stats` ends
   * the reply that was streaming, if one was.
   */
  | { type: 'engine-restarted'; stats?: ReplyStats };
