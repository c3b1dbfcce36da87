import { tokenContent } from './token-content.js';

/** The model's JSON files that name special tokens; every one is optional. */
export interface SpecialTokenSources {
  tokenizerConfig?: Record<string, unknown>;
  generationConfig?: Record<string, unknown>;
  modelConfig?: Record<string, unknown>;
}

/**
 * Works out BOS and the ids that end generation. EOS is the union of `generation_config.json`'s `eos_token_id`
 * (chat models list their end-of-turn token there), `config.json`'s, and `tokenizer_config.json`'s `eos_token`,
 * because each family puts the end-of-turn token in a different one of them.
 *
 * @param idOf maps a token's text to its id, or undefined when the tokenizer does not know it.
 */
export function resolveSpecialTokenIds(
  sources: SpecialTokenSources,
  idOf: (token: string) => number | undefined,
): { bosTokenId: number | undefined; eosTokenIds: number[] } {
  const { tokenizerConfig, generationConfig, modelConfig } = sources;
  const eos = new Set<number>();
  for (const value of [generationConfig?.eos_token_id, modelConfig?.eos_token_id]) {
    for (const id of Array.isArray(value) ? value : [value]) if (Number.isInteger(id) && id >= 0) eos.add(id);
  }
  const eosText = tokenContent(tokenizerConfig?.eos_token);
  const eosId = eosText === undefined ? undefined : idOf(eosText);
  if (eosId !== undefined) eos.add(eosId);

  const bosText = tokenContent(tokenizerConfig?.bos_token);
  const bosFromConfig = [generationConfig?.bos_token_id, modelConfig?.bos_token_id].find(
    (id): id is number => Number.isInteger(id) && (id as number) >= 0,
  );
  const bosTokenId = (bosText === undefined ? undefined : idOf(bosText)) ?? bosFromConfig;
  return { bosTokenId, eosTokenIds: [...eos] };
}
