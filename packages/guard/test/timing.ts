/** Milliseconds one call of `run` takes. */
export function elapsedMs(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

/** Best of two runs: a quadratic blow-up is slow every time, a busy machine only sometimes. */
export function bestMs(run: () => void): number {
  return Math.min(elapsedMs(run), elapsedMs(run));
}
