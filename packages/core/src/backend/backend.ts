import type { SequenceClassifierRunner } from '../classifier/sequence-classifier-runner.js';
import type { EncoderRunner } from '../embedding/encoder-runner.js';
import type { ModelFiles } from '../model/model-files.js';
import type { ModelStore } from '../model/model-store.js';
import type { ModelRunner } from './model-runner.js';

export type WeightDType = 'fp32' | 'fp16' | 'q8' | 'q4';

/** What a backend can do, so the core and users can choose without trying. */
export interface BackendCapabilities {
  dtypes: WeightDType[];
  devices: string[];
  /** Most sequences one forward call accepts. */
  maxBatchSize: number;
  /** Whether `logits: 'all'` is supported. */
  allPositionLogits: boolean;
}

export interface LoadModelOptions {
  dtype?: WeightDType;
  signal?: AbortSignal;
  onProgress?: (event: { phase: 'load'; loaded: number; total: number }) => void;
}

/** A model file a backend needs, which the hub downloader fetches when the model is remote. */
export interface RequiredFile {
  name: string;
  optional?: boolean;
}

/**
 * The one thing a new backend writes. `specificationVersion` lets the core refuse a backend written against a
 * different contract with a clear error instead of failing somewhere deep.
 */
export interface Backend {
  readonly specificationVersion: 'v1';
  readonly name: string;
  readonly capabilities: BackendCapabilities;
  /** Where this environment keeps downloaded models; local paths are opened through it too. */
  readonly store: ModelStore;
  /** Weight files this backend reads for the given options (e.g. `onnx/model.onnx`). */
  requiredFiles(options: LoadModelOptions): RequiredFile[];
  loadModel(files: ModelFiles, options: LoadModelOptions): Promise<ModelRunner>;
  /**
   * Optional: loads a sequence-classification model (`XForSequenceClassification`: token rows in, one logits row
   * out each) from the same files `requiredFiles` names. `createClassifier` needs it; a backend without it
   * cannot run classifiers.
   */
  loadClassifier?(files: ModelFiles, options: LoadModelOptions): Promise<SequenceClassifierRunner>;
  /**
   * Optional: loads an encoder model exported for feature extraction (BERT / MiniLM / BGE shape: token rows in,
   * `last_hidden_state` out) from the same files `requiredFiles` names. `createEmbedder` needs it; a backend
   * without it cannot compute embeddings.
   */
  loadEncoder?(files: ModelFiles, options: LoadModelOptions): Promise<EncoderRunner>;
}
