import { createInterface } from 'node:readline';
import { PocketLMError } from '@pocketlm/core';
import { formatStats } from '../format-stats.js';
import { openEngine } from '../open-engine.js';
import { type CliOptions, definedOnly } from '../parse-cli-options.js';
import { ProgressReporter } from '../progress-reporter.js';

const HELP = 'Type a message. /reset clears the history, /exit (or Ctrl+D) quits, Ctrl+C stops a reply.';

/** `chat [model]`: an interactive conversation that keeps its history and KV cache between turns. */
export async function chatCommand(positionals: string[], options: CliOptions): Promise<void> {
  const progress = new ProgressReporter({ quiet: options.quiet });
  const engine = await openEngine(positionals[0], options, progress);
  const session = engine.chat({ system: options.system, defaults: definedOnly(options.generate) });
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  let current: AbortController | undefined;
  // Ctrl+C stops the reply in progress; at the prompt it quits.
  rl.on('SIGINT', () => {
    if (current) current.abort();
    else rl.close();
  });
  process.stderr.write(`${engine.info.model} on ${engine.info.backend}. ${HELP}\n`);

  const reply = async (text: string) => {
    current = new AbortController();
    try {
      for await (const event of session.stream(text, { signal: current.signal })) {
        if (event.type === 'text-delta') process.stdout.write(event.text);
        if (event.type === 'finish' && !options.quiet) process.stderr.write(`\n${formatStats(event)}\n`);
      }
      process.stdout.write('\n');
    } catch (error) {
      if (!PocketLMError.isInstance(error, 'ABORTED')) throw error;
      process.stderr.write('\n(stopped)\n');
    } finally {
      current = undefined;
    }
  };
  try {
    rl.setPrompt('> ');
    rl.prompt();
    // The async iterator buffers lines, so piped input typed ahead of a reply is not lost.
    for await (const line of rl) {
      const text = line.trim();
      if (text === '/exit' || text === '/quit') break;
      if (text === '/reset') {
        session.reset();
        process.stderr.write('(history cleared)\n');
      } else if (text) {
        await reply(text);
      }
      rl.prompt();
    }
  } finally {
    rl.close();
    await engine.dispose();
  }
}
