import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine } from '@pocketlm/core';
import { nodeBackend } from '@pocketlm/node';
import { ensureFixture } from '@pocketlm/testkit';

/** A real engine (node backend, random-weight tiny fixture, one thread so runs repeat). */
export async function tinyEngine(model?: string): Promise<Engine> {
  return createEngine({
    backend: nodeBackend({ session: { intraOpNumThreads: 1 } }),
    model: model ?? (await ensureFixture('tiny')),
  });
}

/** A copy of the tiny fixture whose chat template is `template` (say, Qwen2.5's, which renders `tools`). */
export async function tinyWithTemplate(template: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pocketlm-agent-'));
  await cp(await ensureFixture('tiny'), dir, { recursive: true });
  const path = join(dir, 'tokenizer_config.json');
  const config = JSON.parse(await readFile(path, 'utf8'));
  await writeFile(path, JSON.stringify({ ...config, chat_template: template }));
  return dir;
}
