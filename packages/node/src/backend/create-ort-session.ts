import {
  abortError,
  type LoadModelOptions,
  type ModelFiles,
  PocketLMError,
  throwIfAborted,
} from '@pocketlm/core';
import type { InferenceSession } from 'onnxruntime-node';
import type { OnnxWeightFiles } from './onnx-weight-files.js';
import type { OrtRuntime } from './ort-runtime.js';

/** A loaded session and the bytes of the files it was built from. */
export interface OrtSessionHandle {
  session: InferenceSession;
  weightBytes: number;
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/**
 * Opens the ONNX graph `weights.model` of `files` (`onnx/model.onnx` for fp32) as an ORT session: from its
 * filesystem path when the files have one (ORT then maps the file and finds external data next to it), otherwise
 * from its bytes. A missing file is `MODEL_NOT_FOUND`; a file ORT cannot load (truncated, not ONNX, unsupported
 * operators) is `INVALID_MODEL` with ORT's error as the cause, so callers never see a raw ORT error.
 */
export async function createOrtSession(
  ort: OrtRuntime,
  files: ModelFiles,
  weights: OnnxWeightFiles,
  sessionOptions: InferenceSession.SessionOptions,
  options: Pick<LoadModelOptions, 'signal' | 'onProgress'> = {},
): Promise<OrtSessionHandle> {
  const { model: modelFile, data: dataFile } = weights;
  const modelSize = await files.size(modelFile);
  if (modelSize === undefined) {
    const hint =
      weights.dtype === 'fp32'
        ? 'the Node backend needs an ONNX export (Optimum layout)'
        : `dtype '${weights.dtype}' needs the ${weights.dtype} ONNX export (Optimum / transformers.js layout); ` +
          'load without a dtype for onnx/model.onnx';
    throw new PocketLMError('MODEL_NOT_FOUND', `${files.id} has no ${modelFile}; ${hint}.`, {
      details: { model: files.id, file: modelFile, dtype: weights.dtype },
    });
  }
  const dataSize = (await files.size(dataFile)) ?? 0;
  const total = modelSize + dataSize;
  options.onProgress?.({ phase: 'load', loaded: 0, total });
  throwIfAborted(options.signal);

  const path = files.localPath?.(modelFile);
  if (path === undefined && dataSize > 0) {
    // onnxruntime-node reads external data only from disk, next to the graph file.
    throw new PocketLMError(
      'INVALID_MODEL',
      `${files.id} keeps its weights in ${dataFile}, which onnxruntime-node can only read from a local path; ` +
        'open the model from a directory or a file model store.',
      { details: { model: files.id, file: dataFile } },
    );
  }
  let session: InferenceSession;
  try {
    session =
      path !== undefined
        ? await ort.InferenceSession.create(path, sessionOptions)
        : await ort.InferenceSession.create(await files.readBytes(modelFile), sessionOptions);
  } catch (cause) {
    throw new PocketLMError(
      'INVALID_MODEL',
      `onnxruntime could not load ${modelFile} of ${files.id}; the file may be truncated, corrupt or not an ` +
        `ONNX model (${describe(cause)}).`,
      { cause, details: { model: files.id, file: modelFile } },
    );
  }
  if (options.signal?.aborted) {
    await session.release().catch(() => {});
    throw abortError(options.signal);
  }
  options.onProgress?.({ phase: 'load', loaded: total, total });
  return { session, weightBytes: total };
}
