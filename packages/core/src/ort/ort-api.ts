/**
 * The shape of the onnxruntime API the ORT runners use, written structurally so `@pocketlm/core` depends on no
 * onnxruntime package: `typeof import('onnxruntime-node')` and `typeof import('onnxruntime-web')` both fit, and so
 * does a test double that wraps either.
 */

/** An ORT tensor: the fields the runners read, and `dispose` to free native or GPU memory early. */
export interface OrtTensor {
  readonly dims: readonly number[];
  readonly type: string;
  readonly data: unknown;
  dispose(): void;
}

/** The tensor constructors the runners call (int64 ids and masks, float32 KV). */
export interface OrtTensorConstructor {
  new (type: 'int64', data: BigInt64Array, dims?: readonly number[]): OrtTensor;
  new (type: 'float32', data: Float32Array, dims?: readonly number[]): OrtTensor;
}

/** Metadata of one graph input or output (ORT ≥ 1.21; absent on older builds). */
export interface OrtValueMetadata {
  readonly name: string;
  readonly isTensor: boolean;
  readonly type?: string;
  readonly shape?: ReadonlyArray<number | string>;
}

/**
 * Session options: passed through to ORT untouched (each backend validates its own). Loose on purpose, so every
 * onnxruntime package's own `SessionOptions` fits.
 */
export interface OrtSessionOptions {
  executionProviders?: readonly unknown[];
  intraOpNumThreads?: number;
  interOpNumThreads?: number;
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all' | 'layout';
  /** External weights handed over as bytes (onnxruntime-web reads them this way; onnxruntime-node from disk). */
  externalData?: readonly unknown[];
}

/** Outputs of one `run`, by name. */
export type OrtRunResult = { readonly [name: string]: OrtTensor };

/** A loaded ORT session. */
export interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata?: readonly OrtValueMetadata[];
  readonly outputMetadata?: readonly OrtValueMetadata[];
  run(feeds: Record<string, OrtTensor>, fetches: readonly string[]): Promise<OrtRunResult>;
  release(): Promise<void>;
}

/** The parts of an onnxruntime module (`onnxruntime-node`, `onnxruntime-web`) the runners use. */
export interface OrtRuntime {
  readonly InferenceSession: {
    create(path: string, options?: OrtSessionOptions): Promise<OrtSession>;
    create(bytes: Uint8Array, options?: OrtSessionOptions): Promise<OrtSession>;
  };
  readonly Tensor: OrtTensorConstructor;
}

/** An ORT module, or a function that loads one (so a failing or lazy import can be injected). */
export type OrtRuntimeSource<R extends OrtRuntime = OrtRuntime> = R | (() => R | Promise<R>);
