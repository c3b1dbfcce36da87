import type {
  ChatMessage,
  ChatSessionOptions,
  CreateEngineOptions,
  DraftModelOptions,
  EngineInfo,
  EngineLoadProgress,
  GenerateInput,
  GenerateOptions,
  PocketLMErrorCode,
  StreamEvent,
} from '@pocketlm/core';
import type { WebCapabilityReport } from '../backend/capability-report.js';

/**
 * The messages between a page (`createWorkerEngine`) and a worker (`serveEngine`). Every request carries an `id`;
 * the worker answers it with `progress` / `event` messages and ends it with exactly one `result` or `error`.
 * Everything here is structured-cloneable: no functions, no `AbortSignal` (aborts travel as `abort` messages).
 */

/** Tags every message so other traffic on the same port is ignored. */
export const PROTOCOL = 'pocketlm/worker-engine@1';

/** Engine options that can cross the boundary: everything except the backend, fetch, callbacks and the signal. */
export type WorkerLoadOptions = Omit<
  CreateEngineOptions,
  'backend' | 'fetch' | 'onProgress' | 'signal' | 'draft'
> & {
  /** A draft model for speculative decoding; it runs on the worker's backend. */
  draft?: Omit<DraftModelOptions, 'backend'>;
};

/** A generate request without its signal. */
export type WorkerGenerateRequest = GenerateInput & WorkerGenerateOptions;

/** Generate options without the signal (chat turns). */
export type WorkerGenerateOptions = Omit<GenerateOptions, 'signal'>;

/** Chat session options that can cross the boundary. */
export type WorkerChatOptions = Omit<ChatSessionOptions, 'defaults'> & { defaults?: WorkerGenerateOptions };

/** A request from the page. */
export type WorkerRequest =
  | { type: 'load'; options: WorkerLoadOptions }
  | { type: 'stream'; request: WorkerGenerateRequest }
  | { type: 'chat-open'; session: number; options: WorkerChatOptions }
  | { type: 'chat-stream'; session: number; content: string; options: WorkerGenerateOptions }
  | { type: 'chat-reset'; session: number }
  | { type: 'chat-dispose'; session: number }
  | { type: 'count-tokens'; input: string | ChatMessage[] }
  | { type: 'store-list' }
  | { type: 'store-delete'; key: string }
  | { type: 'store-clear' }
  | { type: 'dispose' };

/** What `load` resolves with: the engine's facts, the device report, and whether the network was touched. */
export interface WorkerEngineInfo extends EngineInfo {
  /** The web backend's device choice (undefined when the worker runs another backend). */
  capabilities: WebCapabilityReport | undefined;
  /** True when every file came from the model store, with no download. */
  fromStore: boolean;
}

/** Results by request type. */
export interface WorkerResults {
  load: WorkerEngineInfo;
  stream: undefined;
  'chat-open': undefined;
  'chat-stream': undefined;
  'chat-reset': undefined;
  'chat-dispose': undefined;
  'count-tokens': number;
  'store-list': string[];
  'store-delete': undefined;
  'store-clear': undefined;
  dispose: undefined;
}

/** An error as it crosses the boundary: `PocketLMError.toJSON()`, so `code` and `details` survive. */
export interface SerializedError {
  name: string;
  code: PocketLMErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** Page → worker. */
export type PageMessage =
  | { protocol: typeof PROTOCOL; kind: 'request'; id: number; request: WorkerRequest }
  | { protocol: typeof PROTOCOL; kind: 'abort'; id: number };

/** Worker → page. */
export type WorkerMessage =
  | { protocol: typeof PROTOCOL; kind: 'progress'; id: number; event: EngineLoadProgress }
  | { protocol: typeof PROTOCOL; kind: 'event'; id: number; event: StreamEvent }
  | { protocol: typeof PROTOCOL; kind: 'result'; id: number; value: unknown }
  | { protocol: typeof PROTOCOL; kind: 'error'; id: number; error: SerializedError };

/** True for a message of this protocol (anything else on the port is someone else's). */
export function isProtocolMessage(data: unknown): data is PageMessage | WorkerMessage {
  return typeof data === 'object' && data !== null && (data as { protocol?: unknown }).protocol === PROTOCOL;
}
