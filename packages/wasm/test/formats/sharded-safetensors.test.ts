import { describe, expect, it } from 'vitest';
import { openWeightSource, SAFETENSORS_INDEX_FILE } from '../../src/formats/index.js';
import { expectPocketError } from './expect-invalid.js';
import { MemoryFiles } from './memory-files.js';
import { buildSafetensors } from './small-weight-files.js';

const SHARD_1 = 'model-00001-of-00002.safetensors';
const SHARD_2 = 'model-00002-of-00002.safetensors';

function shard(name: string, fill: number): Uint8Array {
  return buildSafetensors(
    { [name]: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } },
    new Uint8Array(8).fill(fill),
  );
}

function checkpoint(weightMap: unknown, text?: string): MemoryFiles {
  const encode = (s: string) => new TextEncoder().encode(s);
  return new MemoryFiles(
    new Map([
      [SAFETENSORS_INDEX_FILE, encode(text ?? JSON.stringify({ metadata: {}, weight_map: weightMap }))],
      [SHARD_1, shard('model.embed_tokens.weight', 1)],
      [SHARD_2, shard('model.norm.weight', 2)],
    ]),
  );
}

describe('sharded safetensors', () => {
  it('opens every shard of the index and reads each tensor from its shard', async () => {
    const files = checkpoint({ 'model.embed_tokens.weight': SHARD_1, 'model.norm.weight': SHARD_2 });
    const source = await openWeightSource(files);
    expect(source.file).toBe(SAFETENSORS_INDEX_FILE);
    expect([...source.tensors.keys()].sort()).toEqual(['model.embed_tokens.weight', 'model.norm.weight']);
    expect([...(await source.readTensor('model.norm.weight'))]).toEqual(new Array(8).fill(2));
    expect([...(await source.readTensor('model.embed_tokens.weight'))]).toEqual(new Array(8).fill(1));
    await expectPocketError(source.readTensor('lm_head.weight'));
    await source.close();
  });

  it('an index that names a tensor its shard lacks, a missing shard, or bad JSON', async () => {
    const wrong = await expectPocketError(openWeightSource(checkpoint({ 'model.norm.weight': SHARD_1 })));
    expect(wrong.message).toContain('model.norm.weight');
    expect(wrong.message).toContain(SHARD_1);
    await expectPocketError(
      openWeightSource(checkpoint({ 'model.norm.weight': 'model-00003-of-00003.safetensors' })),
      'MODEL_NOT_FOUND',
    );
    await expectPocketError(openWeightSource(checkpoint({ 'model.norm.weight': 7 })));
    await expectPocketError(openWeightSource(checkpoint(undefined, '{"weight_map": ')));
    await expectPocketError(openWeightSource(checkpoint(undefined, '{"weight_map": []}')));
  });
});
