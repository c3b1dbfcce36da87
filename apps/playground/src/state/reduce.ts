import type { Action } from './actions.js';
import { addProgress, emptyTotals } from './download-totals.js';
import { type ChatTurn, ENGINE_RESTARTED_ERROR, type PlaygroundState } from './playground-state.js';

/**
 * The page's state machine. Pure: the same state and action always give the same next state, so the UI can be
 * re-rendered from it at any time and the transitions are tested without a browser.
 */
export function reduce(state: PlaygroundState, action: Action): PlaygroundState {
  switch (action.type) {
    case 'load-started':
      return {
        ...state,
        model: { kind: 'loading', source: action.source, progress: emptyTotals },
        error: undefined,
      };
    case 'load-progress':
      if (state.model.kind !== 'loading') return state;
      return {
        ...state,
        model: { ...state.model, progress: addProgress(state.model.progress, action.event) },
      };
    case 'load-phase':
      if (state.model.kind !== 'loading') return state;
      return { ...state, model: { ...state.model, phase: action.phase } };
    case 'load-succeeded':
      // A new model starts a new conversation: the old replies were written by another model.
      return { ...state, model: { kind: 'ready', model: action.model }, turns: [], error: undefined };
    case 'load-failed':
      return {
        ...state,
        model: { kind: 'failed', source: action.source, error: action.error },
        error: action.error,
      };
    case 'load-cancelled':
      // The user changed their mind: no model, and nothing to apologise for in the error banner.
      return state.model.kind === 'loading' ? { ...state, model: { kind: 'none' } } : state;
    case 'message-sent': {
      if (state.model.kind !== 'ready' || state.streamingTurnId !== undefined) return state;
      const user: ChatTurn = newTurn(state.nextTurnId, 'user', action.text, 'done');
      const reply: ChatTurn = newTurn(state.nextTurnId + 1, 'assistant', '', 'streaming');
      return {
        ...state,
        turns: [...state.turns, user, reply],
        streamingTurnId: reply.id,
        nextTurnId: state.nextTurnId + 2,
        error: undefined,
      };
    }
    case 'reply-token':
      return updateStreaming(state, (t) => ({ ...t, tokenIds: [...t.tokenIds, action.id] }));
    case 'reply-text':
      return updateStreaming(state, (t) => ({ ...t, text: t.text + action.text }));
    case 'reply-ended':
      return endStreaming(
        updateStreaming(state, (t) => ({
          ...t,
          status: action.status,
          stats: action.stats,
          text: action.text ?? t.text,
        })),
      );
    case 'reply-failed':
      return {
        ...endStreaming(updateStreaming(state, (t) => ({ ...t, status: 'failed', stats: action.stats }))),
        error: action.error,
      };
    case 'error-shown':
      return { ...state, error: action.error };
    case 'error-dismissed':
      return { ...state, error: undefined };
    case 'chat-cleared':
      return state.streamingTurnId === undefined ? { ...state, turns: [] } : state;
    case 'cache-listed':
      return { ...state, cached: action.models };
    case 'backend-selected':
      // The loaded model lives in the other backend's worker, which is gone: load again on this one.
      if (state.backend === action.backend) return state;
      return { ...state, backend: action.backend, model: { kind: 'none' } };
    case 'engine-restarted':
      // Whatever the dead worker was doing is lost: the reply in flight failed and no model is loaded.
      return {
        ...endStreaming(updateStreaming(state, (t) => ({ ...t, status: 'failed', stats: action.stats }))),
        model: { kind: 'none' },
        error: ENGINE_RESTARTED_ERROR,
      };
  }
}

function newTurn(id: number, role: ChatTurn['role'], text: string, status: ChatTurn['status']): ChatTurn {
  return { id, role, text, status, tokenIds: [] };
}

function updateStreaming(state: PlaygroundState, change: (turn: ChatTurn) => ChatTurn): PlaygroundState {
  const id = state.streamingTurnId;
  if (id === undefined) return state;
  return { ...state, turns: state.turns.map((t) => (t.id === id ? change(t) : t)) };
}

function endStreaming(state: PlaygroundState): PlaygroundState {
  return { ...state, streamingTurnId: undefined };
}
