import * as ort from 'onnxruntime-node';

// What the opt-in q4 measurements (q4-smollm-measure, q4grid-measure) share: the prompts, and greedy decoding
// straight on ORT sessions with Optimum feeds, so fp32 and q4 files are compared without the engine in between.

export const PROMPTS = [
  'The quick brown fox jumps over the lazy dog.',
  'Once upon a time, in a small village by the sea,',
  'def fibonacci(n):\n    if n < 2:\n        return n',
  'The three primary colours are',
];

export type KV = { key: ort.Tensor; value: ort.Tensor }[];

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function int64(ids: number[]): ort.Tensor {
  return new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]);
}

/** Forward, argmax and greedy decoding for a model of this shape. */
export function ortDecoding(shape: {
  numLayers: number;
  numKVHeads: number;
  headDim: number;
  vocabSize: number;
}) {
  const V = shape.vocabSize;

  /** One forward with Optimum feeds; returns [ids.length, V] logits and the present KV. */
  async function forward(session: ort.InferenceSession, ids: number[], past?: KV) {
    const pastLen = past ? past[0].key.dims[2] : 0;
    const feeds: Record<string, ort.Tensor> = {
      input_ids: int64(ids),
      attention_mask: int64(new Array(pastLen + ids.length).fill(1)),
      position_ids: int64(ids.map((_, i) => pastLen + i)),
    };
    for (let l = 0; l < shape.numLayers; l++) {
      const empty = () =>
        new ort.Tensor('float32', new Float32Array(0), [1, shape.numKVHeads, 0, shape.headDim]);
      feeds[`past_key_values.${l}.key`] = past?.[l].key ?? empty();
      feeds[`past_key_values.${l}.value`] = past?.[l].value ?? empty();
    }
    const out = await session.run(feeds);
    const present: KV = [];
    for (let l = 0; l < shape.numLayers; l++) {
      present.push({ key: out[`present.${l}.key`], value: out[`present.${l}.value`] });
    }
    return { logits: out.logits.data as Float32Array, present };
  }

  function argmax(logits: Float32Array, row: number): number {
    let best = row * V;
    for (let i = row * V + 1; i < (row + 1) * V; i++) if (logits[i] > logits[best]) best = i;
    return best - row * V;
  }

  /** Greedy decoding with a KV cache: `steps` ids and the mean wall time of the decode steps after the first. */
  async function greedy(session: ort.InferenceSession, prompt: number[], steps: number) {
    let step = await forward(session, prompt);
    const ids = [argmax(step.logits, prompt.length - 1)];
    const started = performance.now();
    while (ids.length < steps) {
      step = await forward(session, [ids[ids.length - 1]], step.present);
      ids.push(argmax(step.logits, 0));
    }
    return { ids, msPerToken: (performance.now() - started) / (steps - 1) };
  }

  return { forward, argmax, greedy };
}
