/**
 * A debug switch that crashes the engine worker for real, so the page's recovery from `WORKER_CRASHED` can be
 * exercised (by the browser tests, or by hand from devtools through `window.__pocketlm.crashWorker()`).
 *
 * The page posts {@link CRASH_REQUEST}; the worker throws an uncaught error from a task of its own. The browser
 * then fires `error` at the page's `Worker` object: the same path a real crash takes (an out-of-memory abort, a
 * bug in a kernel), which `@pocketlm/web`'s worker client turns into `WORKER_CRASHED` and a terminated worker.
 */
export const CRASH_REQUEST = { pocketlmPlayground: 'crash' } as const;

interface MessageScope {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/** Worker side: crash when the page asks. Messages of the engine protocol are left to `serveEngine`. */
export function installCrashSwitch(scope: MessageScope): void {
  scope.addEventListener('message', (event) => {
    const data = event.data as { pocketlmPlayground?: unknown } | null;
    if (data?.pocketlmPlayground !== CRASH_REQUEST.pocketlmPlayground) return;
    setTimeout(() => {
      throw new Error('The page asked the engine worker to crash (debug switch).');
    });
  });
}
