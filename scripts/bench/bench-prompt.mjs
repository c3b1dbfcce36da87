// The shared workload: the same prompt text (tokenized identically by both runtimes) and generation length.
export const PROMPT =
  'On-device language models keep data private and work offline. This benchmark measures how fast a runtime ' +
  'reads a prompt and how fast it then writes new tokens, on the same ONNX file, on the same machine, in the ' +
  'same run. Prefill is bound by matrix multiplication over many tokens at once; decoding is bound by reading ' +
  'every weight once per token and by the bookkeeping around each step: the KV cache, sampling and streaming.';
export const NEW_TOKENS = 64;
export const RUNS = 3;

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Prints one JSON line the parent reads. */
export function report(result) {
  process.stdout.write(
    `${JSON.stringify({ ...result, peakRssMB: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
}
