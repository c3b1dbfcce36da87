import { type Backend, PocketLMError, throwIfAborted } from '@pocketlm/core';
import type { InferenceSession } from 'onnxruntime-node';
import type { EncoderIOLayout } from './encoder-io-layout.js';
import type { OrtRuntime } from './ort-runtime.js';
import { runSession } from './padded-batch.js';
import { checkTokenRows, rightPaddedFeeds } from './right-padded-rows.js';

/** Core's `EncoderRunner` contract, read off `Backend.loadEncoder` so this package follows it exactly. */
type EncoderRunner = Awaited<ReturnType<NonNullable<Backend['loadEncoder']>>>;
type EncodeBatch = Parameters<EncoderRunner['encode']>[0];

/** What an `OrtEncoderRunner` is built from; `nodeBackend().loadEncoder` assembles it. */
export interface OrtEncoderRunnerInit {
  ort: OrtRuntime;
  session: InferenceSession;
  layout: EncoderIOLayout;
  /** Fills padded positions (config.json's `pad_token_id`); the mask hides them either way. */
  padTokenId: number;
  weightBytes?: number;
}

/**
 * An encoder over an ORT session of an Optimum `feature-extraction` export: rows are right-padded into one batch
 * with `attention_mask` 0 over the padding (segment ids all 0), and each row gets its own tokens' states back,
 * flat `[tokens, hidden]`.
 */
export class OrtEncoderRunner implements EncoderRunner {
  readonly hiddenSize: number | undefined;
  readonly weightBytes: number | undefined;
  private readonly ort: OrtRuntime;
  private readonly layout: EncoderIOLayout;
  private readonly padTokenId: number;
  private session: InferenceSession | undefined;

  constructor(init: OrtEncoderRunnerInit) {
    this.ort = init.ort;
    this.session = init.session;
    this.layout = init.layout;
    this.padTokenId = init.padTokenId;
    this.hiddenSize = init.layout.hiddenSize;
    this.weightBytes = init.weightBytes;
  }

  async encode(batch: EncodeBatch): Promise<Float32Array[]> {
    const session = this.session;
    if (!session) throw new PocketLMError('DISPOSED', 'This encoder runner has been disposed.');
    throwIfAborted(batch.signal);
    const rows = batch.inputIds;
    checkTokenRows(rows, 'encode');
    if (rows.length === 0) return [];
    const { feeds, width } = rightPaddedFeeds(this.ort, rows, this.padTokenId, this.layout);
    const results = await runSession(session, feeds, ['last_hidden_state']);
    try {
      const states = results.last_hidden_state;
      const [count, tokens, hidden] = states.dims;
      if (
        states.type !== 'float32' ||
        states.dims.length !== 3 ||
        count !== rows.length ||
        tokens !== width
      ) {
        throw new PocketLMError(
          'BACKEND_ERROR',
          `The model returned ${states.type} states shaped [${states.dims.join(', ')}], expected float32 [${rows.length}, ${width}, hidden].`,
        );
      }
      const data = states.data as Float32Array;
      // Each row's real tokens only: right padding sits at the end of the row's block.
      return rows.map((row, b) => data.slice(b * width * hidden, (b * width + row.length) * hidden));
    } finally {
      for (const tensor of Object.values(results)) tensor.dispose();
    }
  }

  async dispose(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    await session?.release();
  }
}
