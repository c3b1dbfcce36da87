import type { LoadModelOptions } from '../backend/backend.js';
import { throwIfAborted } from '../errors/pocketlm-error.js';
import type { ModelFiles } from '../model/model-files.js';
import type { SessionIO } from './onnx-io-layout.js';
import { onnxWeightFiles } from './onnx-weight-files.js';
import type { OrtPaddedRunnerInit } from './ort-padded-runner.js';
import { type OrtSessionFactory, openOrtSession } from './ort-session-factory.js';
import type { EncoderInputs } from './right-padded-rows.js';

/** config.json's `pad_token_id`, or 0 (BERT's `[PAD]`); the core has already checked the config. */
async function padTokenId(files: ModelFiles): Promise<number> {
  try {
    const id = (JSON.parse(await files.readText('config.json')) as { pad_token_id?: unknown }).pad_token_id;
    return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : 0;
  } catch {
    return 0;
  }
}

/**
 * Opens the dtype's ONNX file as an ORT session, checks its inputs and outputs with `checkLayout` and builds the
 * runner; the session is released when either throws. Shared by `loadOrtEncoder` and `loadOrtClassifier`.
 */
export async function loadOrtPaddedRunner<L extends EncoderInputs, R>(
  factory: OrtSessionFactory,
  files: ModelFiles,
  loadOptions: LoadModelOptions,
  checkLayout: (session: SessionIO, source: string) => L,
  build: (init: OrtPaddedRunnerInit<L>) => R,
): Promise<R> {
  const weights = onnxWeightFiles(loadOptions.dtype);
  throwIfAborted(loadOptions.signal);
  return openOrtSession(
    factory,
    files,
    weights,
    loadOptions,
    async ({ ort, session, weightBytes, source }) => {
      const layout = checkLayout(session, source);
      return build({ ort, session, layout, padTokenId: await padTokenId(files), weightBytes });
    },
  );
}
