// transformers.js on the same ONNX file, the other side of the peer section.
// Usage: node peer/transformers.mjs <model dir> [timed runs] [new tokens]
import { basename, dirname } from 'node:path';
import { AutoModelForCausalLM, AutoTokenizer, env, Tensor } from '@huggingface/transformers';
import { PROMPT, report, workloadArgs } from './workload.mjs';

const { dir, runs: RUNS, newTokens: NEW_TOKENS } = workloadArgs();
env.allowRemoteModels = false;
env.localModelPath = dirname(dir);
const loadStart = performance.now();
const tokenizer = await AutoTokenizer.from_pretrained(basename(dir));
const model = await AutoModelForCausalLM.from_pretrained(basename(dir), { dtype: 'fp32', device: 'cpu' });
const loadMs = performance.now() - loadStart;
const ids = tokenizer.encode(PROMPT, { add_special_tokens: false });

/** Times the first generated token and the last, through the streamer hook transformers.js calls per step. */
class TimingStreamer {
  constructor() {
    this.calls = 0;
    this.first = 0;
    this.last = 0;
  }
  put() {
    // The first call carries the prompt (as in Python transformers); later calls are new tokens.
    if (this.calls++ === 0) return;
    this.last = performance.now();
    if (!this.first) this.first = this.last;
  }
  end() {}
}

const runs = [];
let tokens = [];
for (let i = 0; i <= RUNS; i++) {
  const input_ids = new Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]);
  const attention_mask = new Tensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]);
  const streamer = new TimingStreamer();
  const start = performance.now();
  const out = await model.generate({
    input_ids,
    attention_mask,
    max_new_tokens: NEW_TOKENS,
    do_sample: false,
    streamer,
  });
  tokens = out.tolist()[0].slice(ids.length).map(Number);
  const ttft = streamer.first - start;
  if (i > 0) {
    runs.push({
      ttftMs: ttft,
      prefillTokS: (ids.length / ttft) * 1000,
      decodeTokS: ((tokens.length - 1) / (streamer.last - streamer.first)) * 1000,
    });
  }
}
report({
  runtime: 'transformers.js 4 (onnxruntime-node)',
  loadMs,
  promptTokens: ids.length,
  newTokens: tokens.length,
  ttftMs: runs.map((r) => r.ttftMs),
  prefillTokS: runs.map((r) => r.prefillTokS),
  decodeTokS: runs.map((r) => r.decodeTokS),
  tokens,
});
await model.dispose();
