import type { LoadModelOptions } from '../backend/backend.js';
import { abortError, PocketLMError, throwIfAborted } from '../errors/pocketlm-error.js';
import type { ModelFiles } from '../model/model-files.js';
import type { OnnxWeightFiles } from './onnx-weight-files.js';
import type { OrtRuntime, OrtSession, OrtSessionOptions } from './ort-api.js';

/** A loaded session and the bytes of the files it was built from. */
export interface OrtSessionHandle {
  session: OrtSession;
  weightBytes: number;
}

/** What differs between ORT runtimes when a session is opened. */
export interface OrtSessionEnvironment {
  /** Names the backend in messages (`the Node backend`, `the web backend`). */
  backendName: string;
  /**
   * How the runtime takes a graph's external weights (`<file>_data`) when the files have no local path:
   * `'bytes'` hands them over in `externalData` (onnxruntime-web); `'path-only'` refuses (onnxruntime-node reads
   * external data only from disk, next to the graph file).
   */
  externalData: 'bytes' | 'path-only';
}

const NODE_ENVIRONMENT: OrtSessionEnvironment = {
  backendName: 'the Node backend',
  externalData: 'path-only',
};

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
  sessionOptions: OrtSessionOptions,
  options: Pick<LoadModelOptions, 'signal' | 'onProgress'> = {},
  environment: OrtSessionEnvironment = NODE_ENVIRONMENT,
): Promise<OrtSessionHandle> {
  const { model: modelFile, data: dataFile } = weights;
  const modelSize = await files.size(modelFile);
  if (modelSize === undefined) {
    const hint =
      weights.dtype === 'fp32'
        ? `${environment.backendName} needs an ONNX export (Optimum layout)`
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
  let openOptions = sessionOptions;
  if (path === undefined && dataSize > 0) {
    if (environment.externalData === 'path-only') {
      throw new PocketLMError(
        'INVALID_MODEL',
        `${files.id} keeps its weights in ${dataFile}, which this onnxruntime can only read from a local path; ` +
          'open the model from a directory or a file model store.',
        { details: { model: files.id, file: dataFile } },
      );
    }
    // The graph names its external data by the bare file name next to it.
    const name = dataFile.slice(dataFile.lastIndexOf('/') + 1);
    openOptions = {
      ...sessionOptions,
      externalData: [{ path: name, data: await files.readBytes(dataFile) }],
    };
  }
  let session: OrtSession;
  try {
    session =
      path !== undefined
        ? await ort.InferenceSession.create(path, openOptions)
        : await ort.InferenceSession.create(await files.readBytes(modelFile), openOptions);
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
