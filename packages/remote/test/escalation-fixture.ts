import {
  type CreateEngineOptions,
  createEngine,
  type Engine,
  type GenerateRequest,
  type StreamEvent,
  type TextGenerator,
  wrapEngine,
} from '@pocketlm/core';
import { nodeBackend } from '@pocketlm/node';
import { type RunningServer, startServer } from '@pocketlm/server';
import { ensureFixture } from '@pocketlm/testkit';
import {
  createOpenAICompatibleGenerator,
  type EscalationDecision,
  isEscalationEvent,
  type RemoteGenerator,
} from '../src/index.js';
import { closedPort } from './sse-server.js';

/** A real engine on the tiny fixture (node backend, one thread so runs repeat); `options` override. */
export async function tinyEngine(options: Partial<CreateEngineOptions> = {}): Promise<Engine> {
  return createEngine({
    backend: nodeBackend({ session: { intraOpNumThreads: 1 } }),
    model: await ensureFixture('tiny'),
    ...options,
  });
}

/** How often a generator was asked, and how many of those generations were cut off before their finish. */
export interface Calls {
  started: number;
  /** The requests as the generator received them. */
  requests: GenerateRequest[];
  cancelled: number;
  /** Resolves at the next cancellation. */
  nextCancel(): Promise<void>;
}

/**
 * The engine behind middleware that counts its requests and notices those whose stream was abandoned. With
 * `delayMs`, each event waits that long first: a slow model, so a test can act while a reply is still streaming.
 */
export function counted(engine: Engine, delayMs = 0): { generator: TextGenerator; calls: Calls } {
  let onCancel: (() => void) | undefined;
  const calls: Calls = {
    started: 0,
    requests: [],
    cancelled: 0,
    nextCancel: () => new Promise<void>((resolve) => (onCancel = resolve)),
  };
  const generator = wrapEngine(engine, {
    async *wrapStream({ request, doStream }) {
      calls.started++;
      calls.requests.push(request);
      let finished = false;
      try {
        for await (const event of doStream(request)) {
          if (event.type === 'finish') finished = true;
          if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
          yield event;
        }
      } finally {
        if (!finished) {
          calls.cancelled++;
          onCancel?.();
        }
      }
    },
  });
  return { generator, calls };
}

/** A second `pocketlm serve` on loopback serving a tiny engine as `tiny-remote`: the "remote" of these tests. */
export async function startRemote(
  engine: Engine,
  options: { timeoutMs?: number; delayMs?: number } = {},
): Promise<{ server: RunningServer; remote: RemoteGenerator; calls: Calls }> {
  const { generator, calls } = counted(engine, options.delayMs);
  const server = await startServer({
    models: { 'tiny-remote': { generator } },
    port: 0,
    apiKey: 'loopback-key',
  });
  const remote = createOpenAICompatibleGenerator({
    baseURL: `${server.url}/v1`,
    model: 'tiny-remote',
    apiKey: 'loopback-key',
    timeoutMs: options.timeoutMs ?? 30_000,
  });
  return { server, remote, calls };
}

/** A test file's beforeAll: a local tiny engine, and {@link startRemote} over a second one. */
export async function localAndRemote(options: { timeoutMs?: number; delayMs?: number } = {}) {
  const [localEngine, remoteEngine] = await Promise.all([tinyEngine(), tinyEngine()]);
  return { localEngine, remoteEngine, ...(await startRemote(remoteEngine, options)) };
}

/** A test file's afterAll: closes the server first (it may still stream from an engine), then the engines. */
export async function closeAll(server: RunningServer | undefined, ...engines: (Engine | undefined)[]) {
  await server?.close();
  await Promise.all(engines.map((engine) => engine?.dispose()));
}

/** A remote nothing listens on (its port was bound once, then closed): every request fails to connect. */
export async function downRemote(): Promise<RemoteGenerator> {
  return createOpenAICompatibleGenerator({
    baseURL: `http://127.0.0.1:${await closedPort()}/v1`,
    model: 'gone',
  });
}

/** The router's decisions among a stream's events. */
export function decisionsOf(events: StreamEvent[]): EscalationDecision[] {
  return events.filter(isEscalationEvent).map((e) => e.data);
}

/** The concatenated text-deltas. */
export function textOf(events: StreamEvent[]): string {
  return events.map((e) => (e.type === 'text-delta' ? e.text : '')).join('');
}

/** The finish event (the test fails without one). */
export function finishOf(events: StreamEvent[]) {
  const finish = events.at(-1);
  if (finish?.type !== 'finish')
    throw new Error(`the stream did not end with finish: ${JSON.stringify(finish)}`);
  return finish;
}

/** The request every router test sends: greedy, short. */
export const HELLO = { messages: [{ role: 'user', content: 'Hello there' }], maxTokens: 8, temperature: 0 };
