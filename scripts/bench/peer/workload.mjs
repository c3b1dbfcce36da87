// The peer comparison's shared workload: the same prompt text (tokenized identically by both runtimes) and
// generation length, and the one-JSON-line report each child process prints for the parent.
export const PROMPT =
  'On-device language models keep data private and work offline. This benchmark measures how fast a runtime ' +
  'reads a prompt and how fast it then writes new tokens, on the same ONNX file, on the same machine, in the ' +
  'same run. Prefill is bound by matrix multiplication over many tokens at once; decoding is bound by reading ' +
  'every weight once per token and by the bookkeeping around each step: the KV cache, sampling and streaming.';
export const NEW_TOKENS = 64;
export const RUNS = 3;

/** A child's arguments: `<model dir> [timed runs] [new tokens]` (the defaults above when omitted). */
export function workloadArgs(argv = process.argv) {
  return { dir: argv[2], runs: Number(argv[3] ?? RUNS), newTokens: Number(argv[4] ?? NEW_TOKENS) };
}

/** Prints one JSON line the parent reads. */
export function report(result) {
  process.stdout.write(
    `${JSON.stringify({ ...result, peakRssMB: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
}
