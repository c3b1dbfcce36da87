import type { StreamEvent } from '@pocketlm/core';
import type { WorkerRequest } from './protocol.js';
import type { WorkerClient } from './worker-client.js';

/**
 * Runs a streaming request in the worker and yields its events as they arrive. Ends when the worker's result
 * comes, throws the worker's error (code intact), and aborts the worker's generation when the consumer stops
 * reading early (`break`) or `signal` fires.
 */
export async function* eventStream(
  client: WorkerClient,
  request: Extract<WorkerRequest, { type: 'stream' | 'chat-stream' }>,
  signal: AbortSignal | undefined,
): AsyncGenerator<StreamEvent> {
  const queue: StreamEvent[] = [];
  let wake: (() => void) | undefined;
  let finished = false;
  let failure: unknown;
  const { id, done } = client.send(request, {
    signal,
    onEvent: (event) => {
      queue.push(event);
      wake?.();
    },
  });
  done.then(
    () => {
      finished = true;
      wake?.();
    },
    (error: unknown) => {
      failure = error ?? new Error('worker request failed');
      finished = true;
      wake?.();
    },
  );
  try {
    for (;;) {
      while (queue.length > 0) yield queue.shift() as StreamEvent;
      if (finished) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
    if (failure !== undefined) throw failure;
  } finally {
    // A consumer that breaks out early leaves the worker generating; stop it there too.
    if (!finished) client.abort(id);
  }
}
