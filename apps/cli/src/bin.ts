import { PocketLMError } from '@pocketlm/core';
import { chatCommand } from './commands/chat.js';
import { fixtureCommand } from './commands/fixture.js';
import { runCommand } from './commands/run.js';
import { parseCliOptions } from './parse-cli-options.js';

const USAGE = `pocketlm — run language models on this machine

Usage:
  pocketlm run [model] [prompt]   stream one reply (default model: the built-in tiny fixture)
  pocketlm chat [model]           interactive chat with history
  pocketlm fixture <name> <dir>   write a deterministic fixture model (tiny, smollm-135m)

model: a local Hugging Face-layout directory, a hub id (org/name[@revision]) or an http(s) base URL.

Options (run, chat):
  --max-tokens N  --temperature T  --top-k K  --top-p P  --min-p P  --seed S  --stop TEXT (repeatable)
  --repetition-penalty R  --presence-penalty P  --frequency-penalty F
  --system TEXT   system prompt          --raw       complete the prompt without the chat template
  --context N     context length         --threads N onnxruntime intra-op threads
  --revision REV  --hub-url URL  --offline         --json  print the result as JSON   -q, --quiet
`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return;
  }
  const { positionals, options, help } = parseCliOptions(rest);
  if (help) {
    process.stdout.write(USAGE);
    return;
  }
  const controller = new AbortController();
  switch (command) {
    case 'run': {
      const onSigint = () => controller.abort();
      process.once('SIGINT', onSigint);
      try {
        await runCommand(positionals, options, controller.signal);
      } finally {
        process.off('SIGINT', onSigint);
      }
      return;
    }
    case 'chat':
      return chatCommand(positionals, options);
    case 'fixture':
      return fixtureCommand(positionals, options.quiet);
    default:
      throw new PocketLMError('INVALID_OPTIONS', `Unknown command "${command}".\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (PocketLMError.isInstance(error)) {
    process.stderr.write(`\npocketlm: ${error.message} [${error.code}]\n`);
    process.exitCode = error.code === 'ABORTED' ? 130 : 1;
  } else {
    process.stderr.write(`\npocketlm: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  }
});
