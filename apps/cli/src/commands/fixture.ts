import { resolve } from 'node:path';
import { PocketLMError } from '@pocketlm/core';
import { type FixtureName, fixtureSpecs, writeFixture } from '@pocketlm/testkit';
import { ProgressReporter } from '../progress-reporter.js';

/** `fixture <name> <dir>`: writes a deterministic test model (same seed, same bytes) into a directory. */
export async function fixtureCommand(positionals: string[], quiet: boolean): Promise<void> {
  const [name, dir] = positionals;
  const names = Object.keys(fixtureSpecs);
  if (!name || !dir) {
    throw new PocketLMError('INVALID_OPTIONS', `Usage: pocketlm fixture <${names.join('|')}> <dir>`);
  }
  if (!names.includes(name)) {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      `Unknown fixture "${name}". Choose one of: ${names.join(', ')}.`,
    );
  }
  const progress = new ProgressReporter({ quiet });
  const target = resolve(dir);
  await writeFixture(name as FixtureName, target, {
    onProgress: (e) => progress.update(e.step, e.done, e.total),
  });
  progress.done();
  process.stderr.write(`wrote fixture "${name}" to ${target}\n`);
}
