import type { FixtureSpec } from '../fixtures/fixture-specs.js';
import type { TensorSink } from '../fixtures/write-tensors.js';
import type { BuiltTokenizer } from '../tokenizer/build-tokenizer.js';
import { type LlamaTensorInfo, llamaTensors } from '../weights/llama-weights.js';
import { ggufTokenizerMetadata } from './gguf-tokenizer-metadata.js';
import { GgufWriter } from './gguf-writer.js';
import { type GgufWeightType, llamaGgufMetadata } from './llama-gguf-metadata.js';
import { encodeGgufTensor, ggufTensorSpec } from './llama-gguf-tensors.js';

/** The GGUF file of each weight type in a Llama fixture directory. */
export const FIXTURE_GGUF_FILES: Readonly<Record<GgufWeightType, string>> = {
  F32: 'model-f32.gguf',
  Q8_0: 'model-q8_0.gguf',
  Q4_0: 'model-q4_0.gguf',
};

/** What a fixture GGUF is written from: the fixture's name, spec and tokenizer, and the weight type. */
export interface LlamaGgufSource {
  readonly name: string;
  readonly spec: FixtureSpec;
  readonly tokenizer: Pick<BuiltTokenizer, 'tokenizerJson' | 'tokenizerConfig' | 'specialTokens'>;
  readonly weights: GgufWeightType;
}

/**
 * Opens a GGUF v3 file of a Llama fixture at `path` (header written) as a sink for `writeTensors`: each fixture
 * tensor, in `llamaTensors` order, is permuted (Q/K) and quantized as llama.cpp's converter would store it.
 */
export async function openLlamaGgufWriter(path: string, source: LlamaGgufSource): Promise<TensorSink> {
  const { name, spec, tokenizer, weights } = source;
  const tensors = llamaTensors(spec);
  const specs = tensors.map((info) => ggufTensorSpec(info, weights));
  const chatTemplate = tokenizer.tokenizerConfig.chat_template;
  const metadata = [
    ...llamaGgufMetadata(name, spec, weights),
    ...ggufTokenizerMetadata(
      tokenizer.tokenizerJson,
      spec.vocabSize,
      {
        bos: tokenizer.specialTokens.imStart,
        eos: tokenizer.specialTokens.imEnd,
        pad: tokenizer.specialTokens.imEnd,
      },
      typeof chatTemplate === 'string' ? chatTemplate : undefined,
    ),
  ];
  const writer = await GgufWriter.open(path, metadata, specs);
  let next = 0;
  return {
    async write(info: LlamaTensorInfo, data: Float32Array) {
      if (tensors[next]?.name !== info.name)
        throw new Error(`gguf: expected ${tensors[next]?.name}, got ${info.name}.`);
      await writer.write(encodeGgufTensor(info, data, spec, specs[next]));
      next += 1;
    },
    close: () => writer.close(),
    abort: () => writer.abort(),
  };
}
