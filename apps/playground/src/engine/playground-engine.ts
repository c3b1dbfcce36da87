import type { ChatMessage, StreamEvent } from '@pocketlm/core';
import type { FileProgress } from '../state/download-totals.js';
import type { CachedModel, LoadedModel, LoadPhase } from '../state/playground-state.js';

/**
 * The slice of an engine the playground uses, in the page's own terms. `worker-engine.ts` adapts
 * `@pocketlm/web`'s worker engine to it, so the controller and UI do not depend on the SDK's exact shapes.
 */
export interface PlaygroundEngine {
  load(options: {
    source: string;
    onProgress: (event: FileProgress) => void;
    onPhase: (phase: LoadPhase) => void;
    signal?: AbortSignal;
  }): Promise<LoadedModel>;
  stream(options: {
    messages: ChatMessage[];
    maxTokens: number;
    temperature: number;
    signal: AbortSignal;
  }): AsyncIterable<StreamEvent>;
  listCached(): Promise<CachedModel[]>;
  deleteCached(key: string): Promise<void>;
  clearCached(): Promise<void>;
  /** Calls `listener` once if the engine's worker dies on its own (an idle crash no call has seen yet). */
  onCrash(listener: () => void): void;
  /** Debug: makes the worker crash for real (see `crash-switch.ts`). */
  crash(): void;
  /** Stops the worker; the engine is unusable afterwards. */
  dispose(): Promise<void>;
}
