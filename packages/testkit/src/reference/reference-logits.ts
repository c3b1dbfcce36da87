import { ReferenceLlama } from './reference-llama.js';

// One loaded reference per fixture directory and process: the conformance suite asks for many token rows.
const loaded = new Map<string, Promise<ReferenceLlama>>();

/**
 * The plain-JavaScript reference forward pass's logits for `tokens` on the fixture in `dir` (f32 safetensors
 * weights), for a conformance suite's `referenceLogits`. The model is loaded once per directory.
 */
export async function referenceLogits(dir: string, tokens: readonly number[]): Promise<Float32Array> {
  let model = loaded.get(dir);
  if (!model) {
    model = ReferenceLlama.load(dir);
    loaded.set(dir, model);
  }
  return (await model).forward(tokens);
}
