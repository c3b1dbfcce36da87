import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway copy of a fixture's config and weights, with `edit` applied, removed by `cleanup`. */
export async function tempModelDir(
  fixture: string,
  edit: {
    config?: (config: Record<string, unknown>) => void;
    weights?: (bytes: Buffer) => Buffer;
  } = {},
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'pocketlm-wasm-'));
  const config = JSON.parse(await readFile(join(fixture, 'config.json'), 'utf8')) as Record<string, unknown>;
  edit.config?.(config);
  await writeFile(join(dir, 'config.json'), JSON.stringify(config));
  if (edit.weights) {
    await writeFile(
      join(dir, 'model.safetensors'),
      edit.weights(await readFile(join(fixture, 'model.safetensors'))),
    );
  } else {
    await copyFile(join(fixture, 'model.safetensors'), join(dir, 'model.safetensors'));
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A safetensors header (and a sparse file of the size it declares) for f32 tensors of the given shapes. */
export async function writeSparseSafetensors(path: string, shapes: Record<string, number[]>): Promise<void> {
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const [name, shape] of Object.entries(shapes)) {
    const bytes = shape.reduce((a, b) => a * b, 1) * 4;
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(json.length));
  const { open } = await import('node:fs/promises');
  const file = await open(path, 'w');
  try {
    await file.write(Buffer.concat([prefix, Buffer.from(json)]));
    // Extending the file leaves a hole: the declared gigabytes take no disk and are never read.
    await file.truncate(8 + json.length + offset);
  } finally {
    await file.close();
  }
}
