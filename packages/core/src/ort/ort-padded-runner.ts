import { PocketLMError, throwIfAborted } from '../errors/pocketlm-error.js';
import type { OrtRuntime, OrtSession, OrtTensor } from './ort-api.js';
import { runSession } from './padded-batch.js';
import type { EncoderInputs } from './right-padded-rows.js';
import { checkTokenRows, rightPaddedFeeds } from './right-padded-rows.js';

/** What an ORT runner over right-padded token rows is built from. */
export interface OrtPaddedRunnerInit<L extends EncoderInputs> {
  ort: OrtRuntime;
  session: OrtSession;
  layout: L;
  padTokenId: number;
  weightBytes?: number;
}

/**
 * The common part of the encoder and classifier runners: one ORT session, fed unpadded token rows right-padded
 * into one batch with `attention_mask` 0 over the padding, and released on dispose. `kind` names the runner in
 * the disposed error.
 */
export abstract class OrtPaddedRunner<L extends EncoderInputs> {
  readonly weightBytes: number | undefined;
  private readonly ort: OrtRuntime;
  private readonly layout: L;
  private readonly padTokenId: number;
  private session: OrtSession | undefined;

  protected constructor(
    init: OrtPaddedRunnerInit<L>,
    private readonly kind: string,
  ) {
    this.ort = init.ort;
    this.session = init.session;
    this.layout = init.layout;
    this.padTokenId = init.padTokenId;
    this.weightBytes = init.weightBytes;
  }

  async dispose(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    await session?.release();
  }

  /**
   * Runs `rows` as one padded batch and hands the `output` tensor to `read` (with the padded width); every output
   * tensor is disposed afterwards. `method` names the call in row errors.
   */
  protected async runPadded(
    batch: { inputIds: number[][]; signal?: AbortSignal },
    method: string,
    output: string,
    read: (tensor: OrtTensor, rows: number[][], width: number) => Float32Array[],
  ): Promise<Float32Array[]> {
    const session = this.session;
    if (!session) throw new PocketLMError('DISPOSED', `This ${this.kind} runner has been disposed.`);
    throwIfAborted(batch.signal);
    const rows = batch.inputIds;
    checkTokenRows(rows, method);
    if (rows.length === 0) return [];
    const { feeds, width } = rightPaddedFeeds(this.ort, rows, this.padTokenId, this.layout);
    const results = await runSession(session, feeds, [output]);
    try {
      return read(results[output], rows, width);
    } finally {
      for (const tensor of Object.values(results)) tensor.dispose();
    }
  }
}
