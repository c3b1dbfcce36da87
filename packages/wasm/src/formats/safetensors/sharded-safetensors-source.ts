import type { ModelFiles } from '@pocketlm/core';
import { invalidModel } from '../invalid-model.js';
import { missingTensor } from '../missing-tensor.js';
import type { TensorEntry, WeightSource } from '../weight-source.js';
import { openSafetensors } from './safetensors-source.js';

/** Hugging Face's index of a sharded checkpoint: which shard file holds each tensor. */
export const SAFETENSORS_INDEX_FILE = 'model.safetensors.index.json';

/** The tensors of several safetensors shards behind one source (see {@link openShardedSafetensors}). */
class ShardedSafetensorsSource implements WeightSource {
  readonly format = 'safetensors';
  readonly tensors: ReadonlyMap<string, TensorEntry>;

  constructor(
    readonly file: string,
    private readonly shardOf: ReadonlyMap<string, WeightSource>,
    private readonly shards: readonly WeightSource[],
  ) {
    const tensors = new Map<string, TensorEntry>();
    for (const [name, shard] of shardOf) tensors.set(name, shard.tensors.get(name) as TensorEntry);
    this.tensors = tensors;
  }

  async readTensor(name: string, signal?: AbortSignal): Promise<Uint8Array> {
    const shard = this.shardOf.get(name);
    if (!shard) throw missingTensor(this.file, name);
    return shard.readTensor(name, signal);
  }

  async close(): Promise<void> {
    await Promise.all(this.shards.map((shard) => shard.close()));
  }
}

/**
 * Opens a sharded safetensors checkpoint from its index (`model.safetensors.index.json`): every shard's header is
 * read and validated, and every tensor the index lists must be in the shard it names (`INVALID_MODEL` otherwise).
 */
export async function openShardedSafetensors(files: ModelFiles, indexFile: string): Promise<WeightSource> {
  let index: unknown;
  try {
    index = JSON.parse(await files.readText(indexFile));
  } catch (cause) {
    if (cause instanceof SyntaxError)
      throw invalidModel(indexFile, `the index is not valid JSON (${cause.message}).`);
    throw cause;
  }
  const weightMap = (index as { weight_map?: unknown } | null)?.weight_map;
  if (typeof weightMap !== 'object' || weightMap === null || Array.isArray(weightMap)) {
    throw invalidModel(indexFile, 'the index has no weight_map object.');
  }
  const entries = Object.entries(weightMap as Record<string, unknown>);
  const shardNames = new Set<string>();
  for (const [tensor, shard] of entries) {
    if (typeof shard !== 'string' || !shard.endsWith('.safetensors')) {
      throw invalidModel(indexFile, `weight_map["${tensor}"] is not a .safetensors file name.`, { tensor });
    }
    shardNames.add(shard);
  }
  const shards = new Map<string, WeightSource>();
  try {
    for (const name of shardNames) shards.set(name, await openSafetensors(files, name));
  } catch (error) {
    await Promise.all([...shards.values()].map((s) => s.close()));
    throw error;
  }
  const shardOf = new Map<string, WeightSource>();
  for (const [tensor, shardName] of entries as [string, string][]) {
    const shard = shards.get(shardName) as WeightSource;
    if (!shard.tensors.has(tensor)) {
      await Promise.all([...shards.values()].map((s) => s.close()));
      throw invalidModel(indexFile, `the index puts ${tensor} in ${shardName}, which has no such tensor.`, {
        tensor,
        shard: shardName,
        missing: true,
      });
    }
    shardOf.set(tensor, shard);
  }
  return new ShardedSafetensorsSource(indexFile, shardOf, [...shards.values()]);
}
