import { type LoadModelOptions, type ModelFiles, throwIfAborted } from '@pocketlm/core';
import type { InferenceSession } from 'onnxruntime-node';
import { createOrtSession } from './create-ort-session.js';
import { checkEncoderIOLayout } from './encoder-io-layout.js';
import { onnxWeightFiles } from './onnx-weight-files.js';
import { OrtEncoderRunner } from './ort-encoder-runner.js';
import { loadOrtRuntime, type OrtRuntimeSource } from './ort-runtime.js';

/** config.json's `pad_token_id`, or 0 (BERT's `[PAD]`). */
async function padTokenId(files: ModelFiles): Promise<number> {
  try {
    const id = (JSON.parse(await files.readText('config.json')) as { pad_token_id?: unknown }).pad_token_id;
    return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : 0;
  } catch {
    return 0;
  }
}

/**
 * `nodeBackend().loadEncoder`: opens the dtype's ONNX file (`onnx/model.onnx` for fp32) as an ORT session and
 * checks it is a feature-extraction export. Errors are the ones `loadModel` gives for the same file:
 * `MODEL_NOT_FOUND`, `INVALID_MODEL` (truncated, not ONNX, no `last_hidden_state`), `BACKEND_UNAVAILABLE`,
 * `ABORTED`.
 */
export async function loadOrtEncoder(
  ortSource: OrtRuntimeSource | undefined,
  sessionOptions: InferenceSession.SessionOptions,
  files: ModelFiles,
  loadOptions: LoadModelOptions,
): Promise<OrtEncoderRunner> {
  const weights = onnxWeightFiles(loadOptions.dtype);
  throwIfAborted(loadOptions.signal);
  const ort = await loadOrtRuntime(ortSource);
  const { session, weightBytes } = await createOrtSession(ort, files, weights, sessionOptions, loadOptions);
  try {
    const layout = checkEncoderIOLayout(session, `${files.id}/${weights.model}`);
    return new OrtEncoderRunner({ ort, session, layout, padTokenId: await padTokenId(files), weightBytes });
  } catch (error) {
    await session.release().catch(() => {});
    throw error;
  }
}
