import type { LoadModelOptions } from '../backend/backend.js';
import type { ModelFiles } from '../model/model-files.js';
import { createOrtSession, type OrtSessionEnvironment } from './create-ort-session.js';
import type { OnnxWeightFiles } from './onnx-weight-files.js';
import type { OrtRuntime, OrtSession, OrtSessionOptions } from './ort-api.js';

/** How an ORT backend opens sessions: its runtime (loaded on demand), session options and environment. */
export interface OrtSessionFactory {
  /** Loads the ORT module (throws `BACKEND_UNAVAILABLE` when it cannot). */
  loadRuntime: () => Promise<OrtRuntime>;
  sessionOptions: OrtSessionOptions;
  environment?: OrtSessionEnvironment;
}

/** An opened session, handed to the code that checks its layout and wraps it in a runner. */
export interface OpenedOrtSession {
  ort: OrtRuntime;
  session: OrtSession;
  weightBytes: number;
  /** `<model id>/<graph file>`, for error messages. */
  source: string;
}

/**
 * Loads the runtime, opens `weights.model` as a session and hands it to `build` (layout check + runner); the
 * session is released when `build` throws, so a rejected export never leaks native memory. Every ORT loader
 * (decoder, encoder, classifier) goes through here.
 */
export async function openOrtSession<R>(
  factory: OrtSessionFactory,
  files: ModelFiles,
  weights: OnnxWeightFiles,
  loadOptions: LoadModelOptions,
  build: (opened: OpenedOrtSession) => R | Promise<R>,
): Promise<R> {
  const ort = await factory.loadRuntime();
  const { session, weightBytes } = await createOrtSession(
    ort,
    files,
    weights,
    factory.sessionOptions,
    loadOptions,
    factory.environment,
  );
  try {
    return await build({ ort, session, weightBytes, source: `${files.id}/${weights.model}` });
  } catch (error) {
    await session.release().catch(() => {});
    throw error;
  }
}
