import type { LoadModelOptions } from '../backend/backend.js';
import { PocketLMError, throwIfAborted } from '../errors/pocketlm-error.js';
import { type ModelConfig, parseModelConfig } from '../model/model-config.js';
import type { ModelFiles } from '../model/model-files.js';
import { checkOnnxIOLayout } from './onnx-io-layout.js';
import { onnxWeightFiles } from './onnx-weight-files.js';
import { OrtModelRunner } from './ort-model-runner.js';
import { type OrtSessionFactory, openOrtSession } from './ort-session-factory.js';

async function readConfig(files: ModelFiles): Promise<ModelConfig> {
  if (!(await files.has('config.json'))) {
    throw new PocketLMError('MODEL_NOT_FOUND', `${files.id} has no config.json.`, {
      details: { model: files.id, file: 'config.json' },
    });
  }
  return parseModelConfig(await files.readText('config.json'), `${files.id}/config.json`);
}

/**
 * A backend's `loadModel` on ORT: reads config.json, opens the dtype's decoder-with-past graph as a session, checks
 * its inputs and outputs against the config (the session is released when they disagree) and wraps it in an
 * `OrtModelRunner`. `backendName` names the backend in dtype errors.
 */
export async function loadOrtDecoder(
  factory: OrtSessionFactory,
  files: ModelFiles,
  loadOptions: LoadModelOptions,
  backendName: string,
): Promise<OrtModelRunner> {
  const weights = onnxWeightFiles(loadOptions.dtype, backendName);
  throwIfAborted(loadOptions.signal);
  const config = await readConfig(files);
  return openOrtSession(factory, files, weights, loadOptions, ({ ort, session, weightBytes, source }) => {
    const { vocabSize } = checkOnnxIOLayout(session, config, source);
    return new OrtModelRunner({ ort, session, config, vocabSize, weightBytes });
  });
}
