import type { Backend, WeightDType } from '../backend/backend.js';
import type { ModelRunner } from '../backend/model-runner.js';
import { PocketLMError } from '../errors/pocketlm-error.js';
import { type ResolveOptions, resolveModelFiles } from '../hub/resolve-model-files.js';
import { loadTokenizer } from '../tokenizer/load-tokenizer.js';
import type { Tokenizer } from '../tokenizer/tokenizer.js';

/** The draft model of an engine, for draft-model speculative decoding. */
export interface DraftModelOptions {
  /** A directory, hub id or URL like the engine's `model` (default: the engine's own model, at `dtype`). */
  model?: string;
  /** Its weights' dtype, e.g. `q4` to draft with a 4-bit copy of the main model. */
  dtype?: WeightDType;
  /** The backend that runs it (default: the engine's). */
  backend?: Backend;
  /** Hub revision when `model` is a hub id. */
  revision?: string;
}

/** What loading a draft model borrows from the engine being created. */
export interface DraftModelContext
  extends Pick<ResolveOptions, 'fetch' | 'hubUrl' | 'offline' | 'onProgress' | 'signal'> {
  model: string;
  backend: Backend;
  tokenizer: Tokenizer;
  /** The main model's `tokenizer.json` text: identical text skips the per-token comparison. */
  tokenizerJson: string;
}

/**
 * Loads the draft model and checks that it speaks the main model's tokens: drafts are token ids, so a draft model
 * with another vocabulary would only ever propose wrong tokens (or out-of-range ones).
 *
 * @throws PocketLMError `TOKENIZER_MISMATCH` when the two tokenizers differ in any token.
 */
export async function loadDraftModel(
  options: DraftModelOptions,
  ctx: DraftModelContext,
): Promise<ModelRunner> {
  const backend = options.backend ?? ctx.backend;
  const loadOptions = { dtype: options.dtype, signal: ctx.signal };
  const files = await resolveModelFiles(options.model ?? ctx.model, {
    store: backend.store,
    requiredFiles: backend.requiredFiles(loadOptions),
    revision: options.revision,
    fetch: ctx.fetch,
    hubUrl: ctx.hubUrl,
    offline: ctx.offline,
    onProgress: ctx.onProgress,
    signal: ctx.signal,
  });
  if ((await files.readText('tokenizer.json')) !== ctx.tokenizerJson) {
    checkSameVocabulary(ctx.tokenizer, await loadTokenizer(files), files.id);
  }
  const runner = await backend.loadModel(files, loadOptions);
  if (runner.vocabSize < ctx.tokenizer.size) {
    await runner.dispose();
    throw new PocketLMError(
      'TOKENIZER_MISMATCH',
      `The draft model ${files.id} has ${runner.vocabSize} logits per token, fewer than the ${ctx.tokenizer.size} tokens of the main model's tokenizer.`,
      { details: { draftModel: files.id, vocabSize: runner.vocabSize, tokenizerSize: ctx.tokenizer.size } },
    );
  }
  return runner;
}

/** Throws `TOKENIZER_MISMATCH` unless both tokenizers map every id to the same text and end on the same ids. */
function checkSameVocabulary(main: Tokenizer, draft: Tokenizer, draftId: string): void {
  const mismatch = (reason: string, details: Record<string, unknown>) =>
    new PocketLMError(
      'TOKENIZER_MISMATCH',
      `The draft model ${draftId} does not share the main model's tokenizer: ${reason}. Speculative decoding needs the same vocabulary.`,
      { details: { draftModel: draftId, ...details } },
    );
  if (main.size !== draft.size) {
    throw mismatch(`${draft.size} tokens instead of ${main.size}`, {
      mainSize: main.size,
      draftSize: draft.size,
    });
  }
  if (main.eosTokenIds.join() !== draft.eosTokenIds.join()) {
    throw mismatch('different end-of-text tokens', {
      mainEos: main.eosTokenIds,
      draftEos: draft.eosTokenIds,
    });
  }
  for (let id = 0; id < main.size; id++) {
    const a = main.decode([id]);
    const b = draft.decode([id]);
    if (a !== b)
      throw mismatch(`token ${id} is ${JSON.stringify(b)}, not ${JSON.stringify(a)}`, { tokenId: id });
  }
}
