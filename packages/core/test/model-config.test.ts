import { describe, expect, it } from 'vitest';
import { PocketLMError } from '../src/errors/pocketlm-error.js';
import { parseModelConfig } from '../src/model/model-config.js';

const good = {
  model_type: 'llama',
  vocab_size: 512,
  hidden_size: 64,
  intermediate_size: 128,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  max_position_embeddings: 512,
  eos_token_id: [2, 0],
};

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return PocketLMError.isInstance(e) ? e.code : 'not a PocketLMError';
  }
  return undefined;
}

describe('parseModelConfig', () => {
  it('reads a Llama config with GQA and derives head_dim', () => {
    const c = parseModelConfig(JSON.stringify(good));
    expect(c).toMatchObject({
      numHeads: 4,
      numKVHeads: 2,
      headDim: 16,
      eosTokenIds: [2, 0],
      tieWordEmbeddings: true,
    });
  });

  it('rejects text that is not JSON', () => {
    expect(code(() => parseModelConfig('{ nope'))).toBe('INVALID_CONFIG');
    expect(code(() => parseModelConfig('[1,2]'))).toBe('INVALID_CONFIG');
  });

  it('names a missing or wrong field', () => {
    const { hidden_size: _, ...missing } = good;
    expect(() => parseModelConfig(JSON.stringify(missing))).toThrow(/hidden_size/);
    expect(code(() => parseModelConfig(JSON.stringify({ ...good, num_hidden_layers: '2' })))).toBe(
      'INVALID_CONFIG',
    );
    expect(code(() => parseModelConfig(JSON.stringify({ ...good, num_key_value_heads: 3 })))).toBe(
      'INVALID_CONFIG',
    );
  });
});

describe('PocketLMError', () => {
  it('is recognised by marker across copies, with and without a code, and survives JSON', () => {
    const e = new PocketLMError('ABORTED', 'stop');
    const copy = JSON.parse(JSON.stringify(e));
    expect(PocketLMError.isInstance(e, 'ABORTED')).toBe(true);
    expect(PocketLMError.isInstance(e, 'INVALID_MODEL')).toBe(false);
    expect(PocketLMError.isInstance(new Error('x'))).toBe(false);
    expect(PocketLMError.isInstance(PocketLMError.fromJSON(copy), 'ABORTED')).toBe(true);
    // A plain object carrying the registry symbol is what another bundle's error looks like.
    expect(
      PocketLMError.isInstance({ [Symbol.for('pocketlm.error')]: true, code: 'ABORTED' }, 'ABORTED'),
    ).toBe(true);
  });
});
