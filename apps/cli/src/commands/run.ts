import { existsSync } from 'node:fs';
import type { FinishEvent, GenerateRequest } from '@pocketlm/core';
import { formatStats } from '../format-stats.js';
import { openEngine } from '../open-engine.js';
import { type CliOptions, definedOnly } from '../parse-cli-options.js';
import { ProgressReporter } from '../progress-reporter.js';

export const DEFAULT_PROMPT = 'Tell me a short story about a robot who learns to paint.';

/**
 * `run [model] [prompt]`: with one argument, it is the model when it names a directory or a hub id
 * (`org/name`), and the prompt otherwise.
 */
export function splitRunArgs(positionals: string[]): {
  model: string | undefined;
  prompt: string | undefined;
} {
  if (positionals.length >= 2) return { model: positionals[0], prompt: positionals.slice(1).join(' ') };
  const [only] = positionals;
  if (only === undefined) return { model: undefined, prompt: undefined };
  const looksLikeModel =
    existsSync(only) || /^[\w.-]+\/[\w.-]+(@[\w.-]+)?$/.test(only) || /^https?:\/\//.test(only);
  return looksLikeModel ? { model: only, prompt: undefined } : { model: undefined, prompt: only };
}

/** Streams one reply to stdout, then prints usage and timings to stderr (or everything as JSON with --json). */
export async function runCommand(
  positionals: string[],
  options: CliOptions,
  signal: AbortSignal,
): Promise<void> {
  const { model, prompt = DEFAULT_PROMPT } = splitRunArgs(positionals);
  const progress = new ProgressReporter({ quiet: options.quiet || options.json });
  const engine = await openEngine(model, options, progress);
  try {
    const generate = definedOnly({ ...options.generate, signal });
    const useTemplate = !options.raw && engine.tokenizer.hasChatTemplate;
    const request: GenerateRequest = useTemplate
      ? {
          messages: [
            ...(options.system ? [{ role: 'system', content: options.system }] : []),
            { role: 'user', content: prompt },
          ],
          ...generate,
        }
      : { prompt, ...generate };
    let finish: FinishEvent | undefined;
    for await (const event of engine.stream(request)) {
      if (event.type === 'text-delta' && !options.json) process.stdout.write(event.text);
      if (event.type === 'prefill-progress' && event.total > 512)
        progress.update('prefill', event.done, event.total);
      if (event.type === 'finish') finish = event;
    }
    progress.done();
    if (!finish) return;
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ model: engine.info.model, ...finish }, null, 2)}\n`);
    } else {
      process.stdout.write('\n');
      if (!options.quiet) process.stderr.write(`\n${formatStats(finish)}\n`);
    }
  } finally {
    await engine.dispose();
  }
}
