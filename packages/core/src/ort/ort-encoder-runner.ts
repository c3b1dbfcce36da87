import type { Backend } from '../backend/backend.js';
import { PocketLMError } from '../errors/pocketlm-error.js';
import type { EncoderIOLayout } from './encoder-io-layout.js';
import type { OrtRuntime, OrtSession } from './ort-api.js';
import { OrtPaddedRunner } from './ort-padded-runner.js';

/** Core's `EncoderRunner` contract, read off `Backend.loadEncoder` so this package follows it exactly. */
type EncoderRunner = Awaited<ReturnType<NonNullable<Backend['loadEncoder']>>>;
type EncodeBatch = Parameters<EncoderRunner['encode']>[0];

/** What an `OrtEncoderRunner` is built from; an ORT backend's `loadEncoder` assembles it. */
export interface OrtEncoderRunnerInit {
  ort: OrtRuntime;
  session: OrtSession;
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
export class OrtEncoderRunner extends OrtPaddedRunner<EncoderIOLayout> implements EncoderRunner {
  readonly hiddenSize: number | undefined;

  constructor(init: OrtEncoderRunnerInit) {
    super(init, 'encoder');
    this.hiddenSize = init.layout.hiddenSize;
  }

  encode(batch: EncodeBatch): Promise<Float32Array[]> {
    return this.runPadded(batch, 'encode', 'last_hidden_state', (states, rows, width) => {
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
    });
  }
}
