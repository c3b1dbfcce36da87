import { PocketLMError, type StreamEvent } from '@pocketlm/core';
import { describe, expect, it } from 'vitest';
import { ChatController } from '../src/engine/chat-controller.js';
import type { PlaygroundEngine } from '../src/engine/playground-engine.js';
import type { BackendChoice } from '../src/state/backend-choice.js';
import { Store } from '../src/state/store.js';

const crashed = () => new PocketLMError('WORKER_CRASHED', 'The engine worker stopped (test).');

/**
 * An engine whose worker is healthy until `crashCalls()`: from then on every call rejects with `WORKER_CRASHED`,
 * as `@pocketlm/web`'s worker client does, but no `error` event fires (`onCrash` stays silent), so only the
 * calls' failures can tell the controller.
 */
function fakeEngine(backend: BackendChoice) {
  let dead = false;
  const fail = async () => {
    if (dead) throw crashed();
  };
  const engine: PlaygroundEngine & { backend: BackendChoice; disposed: boolean; crashCalls(): void } = {
    backend,
    disposed: false,
    crashCalls: () => {
      dead = true;
    },
    load: async ({ source }) => {
      await fail();
      return { source, backend: 'wasm', fromStore: false };
    },
    stream: () =>
      (async function* (): AsyncGenerator<StreamEvent> {
        await fail();
        yield { type: 'token', id: 7 } as StreamEvent;
        dead = true;
        throw crashed();
      })(),
    listCached: async () => {
      await fail();
      return [];
    },
    deleteCached: fail,
    clearCached: fail,
    onCrash: () => {},
    crash: () => {},
    dispose: async () => {
      engine.disposed = true;
    },
  };
  return engine;
}

function setup() {
  const store = new Store();
  const started: ReturnType<typeof fakeEngine>[] = [];
  const controller = new ChatController(store, (backend) => {
    const engine = fakeEngine(backend);
    started.push(engine);
    return engine;
  });
  return { store, started, controller };
}

describe('ChatController: recovering from WORKER_CRASHED', () => {
  it('a reply that dies with the worker ends failed, and a fresh engine replaces the dead one', async () => {
    const { store, started, controller } = setup();
    await controller.load('m');
    await controller.send({ text: 'hi', maxTokens: 8, temperature: 0 });

    expect(started).toHaveLength(2);
    expect(started[0]?.disposed).toBe(true);
    expect(store.state.error?.code).toBe('WORKER_CRASHED');
    expect(store.state.error?.message).toMatch(/restarted/);
    expect(store.state.model.kind).toBe('none');
    expect(store.state.streamingTurnId).toBeUndefined();
    const reply = store.state.turns.at(-1);
    expect(reply?.status).toBe('failed');
    expect(reply?.tokenIds).toEqual([7]);
    expect(reply?.stats?.finishReason).toBe('error');

    // The next load goes to the fresh engine and works.
    await controller.load('m');
    expect(store.state.model.kind).toBe('ready');
    expect(store.state.error).toBeUndefined();
  });

  it('any call that meets a dead worker (load, list, delete) restarts it once, on the same backend', async () => {
    const { store, started, controller } = setup();
    await controller.selectBackend('pocketlm-wasm');
    expect(started.map((e) => e.backend)).toEqual(['onnxruntime-web', 'pocketlm-wasm']);

    started[1]?.crashCalls();
    await controller.load('m');
    expect(store.state.model.kind).toBe('none');
    expect(store.state.error?.code).toBe('WORKER_CRASHED');
    expect(started.map((e) => e.backend)).toEqual(['onnxruntime-web', 'pocketlm-wasm', 'pocketlm-wasm']);

    started[2]?.crashCalls();
    await controller.deleteCached('k');
    expect(started).toHaveLength(4);
    expect(started[3]?.disposed).toBe(false);
    await controller.load('m');
    expect(store.state.model.kind).toBe('ready');
  });
});
