import {
  abortError,
  type LoadModelOptions,
  type ModelFiles,
  PocketLMError,
  throwIfAborted,
} from '@pocketlm/core';
import type { InferenceSession } from 'onnxruntime-node';
import type { OrtRuntime } from './ort-runtime.js';

/** The graph file of an fp32 Optimum export, and the file ORT reads external weights from. */
export const ONNX_MODEL_FILE = 'onnx/model.onnx';
export const ONNX_DATA_FILE = 'onnx/model.onnx_data';

/** A loaded session and the bytes of the files it was built from. */
export interface OrtSessionHandle {
  session: InferenceSession;
  weightBytes: number;
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/**
 * Opens `onnx/model.onnx` of `files` as an ORT session: from its filesystem path when the files have one (ORT
 * then maps the file and finds external data next to it), otherwise from its bytes. A missing file is
 * `MODEL_NOT_FOUND`; a file ORT cannot load (truncated, not ONNX, unsupported operators) is `INVALID_MODEL`
 * with ORT's error as the cause, so callers never see a raw ORT error.
 */
export async function createOrtSession(
  ort: OrtRuntime,
  files: ModelFiles,
  sessionOptions: InferenceSession.SessionOptions,
  options: Pick<LoadModelOptions, 'signal' | 'onProgress'> = {},
): Promise<OrtSessionHandle> {
  const modelSize = await files.size(ONNX_MODEL_FILE);
  if (modelSize === undefined) {
    throw new PocketLMError(
      'MODEL_NOT_FOUND',
      `${files.id} has no ${ONNX_MODEL_FILE}; the Node backend needs an ONNX export (Optimum layout).`,
      { details: { model: files.id, file: ONNX_MODEL_FILE } },
    );
  }
  const dataSize = (await files.size(ONNX_DATA_FILE)) ?? 0;
  const total = modelSize + dataSize;
  options.onProgress?.({ phase: 'load', loaded: 0, total });
  throwIfAborted(options.signal);

  const path = files.localPath?.(ONNX_MODEL_FILE);
  if (path === undefined && dataSize > 0) {
    // onnxruntime-node reads external data only from disk, next to the graph file.
    throw new PocketLMError(
      'INVALID_MODEL',
      `${files.id} keeps its weights in ${ONNX_DATA_FILE}, which onnxruntime-node can only read from a local path; ` +
        'open the model from a directory or a file model store.',
      { details: { model: files.id, file: ONNX_DATA_FILE } },
    );
  }
  let session: InferenceSession;
  try {
    session =
      path !== undefined
        ? await ort.InferenceSession.create(path, sessionOptions)
        : await ort.InferenceSession.create(await files.readBytes(ONNX_MODEL_FILE), sessionOptions);
  } catch (cause) {
    throw new PocketLMError(
      'INVALID_MODEL',
      `onnxruntime could not load ${ONNX_MODEL_FILE} of ${files.id}; the file may be truncated, corrupt or not an ` +
        `ONNX model (${describe(cause)}).`,
      { cause, details: { model: files.id, file: ONNX_MODEL_FILE } },
    );
  }
  if (options.signal?.aborted) {
    await session.release().catch(() => {});
    throw abortError(options.signal);
  }
  options.onProgress?.({ phase: 'load', loaded: total, total });
  return { session, weightBytes: total };
}
