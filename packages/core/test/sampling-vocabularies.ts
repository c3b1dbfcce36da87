import { expect } from 'vitest';
import { fixtureSpecs } from '../../testkit/src/fixtures/fixture-specs.js';
import { fixtureTokenizer } from '../../testkit/src/fixtures/fixture-version.js';
import { TokenVocabulary } from '../src/constraints/token-mask/token-vocabulary.js';
import { HfTokenizer } from '../src/tokenizer/hf-tokenizer.js';
import { sentencePieceJson } from './sentencepiece-fixture.js';

/** A vocabulary to sample constrained output from, the tokenizer that decodes it, and its EOS id. */
export interface SamplingSetup {
  vocab: TokenVocabulary;
  tokenizer: HfTokenizer;
  eos: number;
}

function setup(json: Record<string, unknown>, width?: number): SamplingSetup {
  return {
    vocab: TokenVocabulary.fromTokenizerJson(json, { width }),
    tokenizer: new HfTokenizer({
      tokenizerJson: json,
      tokenizerConfig: { clean_up_tokenization_spaces: false },
    }),
    eos: 2,
  };
}

/**
 * The byte-level fixtures (tiny, smollm-135m) and a SentencePiece one holding `sentencePieceWords`, each built
 * when its test runs: sampling tests run the same checks on all three (`it.each`).
 */
export function samplingVocabularies(sentencePieceWords: readonly string[]): [string, () => SamplingSetup][] {
  return [
    ['tiny', () => setup(fixtureTokenizer('tiny').tokenizerJson, fixtureSpecs.tiny.vocabSize)],
    ['smollm-135m', () => setup(fixtureTokenizer('smollm-135m').tokenizerJson)],
    ['sentencepiece', () => setup(sentencePieceJson(sentencePieceWords))],
  ];
}

const strict = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks that the sampled `ids` are valid UTF-8 and that the tokenizer decodes them to those bytes (less the
 * leading space a SentencePiece decoder strips); returns the text, and whether such a space was dropped.
 */
export function decodeSample(
  { vocab, tokenizer }: SamplingSetup,
  ids: readonly number[],
): { text: string; droppedSpace: boolean } {
  const raw = strict.decode(Uint8Array.from(ids.flatMap((id) => [...vocab.bytesOf(id)!])));
  const droppedSpace = vocab.stripsLeadingSpace && raw.startsWith(' ');
  const text = ids.length === 0 ? '' : tokenizer.decode(ids);
  expect(text).toBe(droppedSpace ? raw.slice(1) : raw);
  return { text, droppedSpace };
}
