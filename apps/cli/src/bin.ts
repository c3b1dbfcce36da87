import { PocketLMError } from '@pocketlm/core';
import { chatCommand } from './commands/chat.js';
import { fixtureCommand } from './commands/fixture.js';
import { ragAskCommand } from './commands/rag-ask.js';
import { ragIndexCommand } from './commands/rag-index.js';
import { runCommand } from './commands/run.js';
import { SERVE_FLAGS, serveCommand } from './commands/serve.js';
import { parseCliOptions } from './parse-cli-options.js';
import { RAG_FLAGS } from './rag-flags.js';
import { DEFAULT_STORE_PATH } from './rag-store-path.js';

const USAGE = `pocketlm — run language models on this machine

Usage:
  pocketlm run [model] [prompt]   stream one reply (default model: the built-in tiny fixture)
  pocketlm chat [model]           interactive chat with history
  pocketlm fixture <name> <dir>   write a deterministic fixture model (tiny, smollm-135m)
  pocketlm rag index <folder>     index a folder's documents (.md, .txt, .html, .pdf) into a store;
                                  unchanged files are skipped, files gone from the folder are removed
  pocketlm rag ask "<question>"   answer from the store, streamed, then the sources it cited
  pocketlm serve [model]          an OpenAI-compatible HTTP server (/v1/chat/completions, /v1/completions,
                                  /v1/embeddings, /v1/models, /health) until Ctrl+C

model: a local Hugging Face-layout directory, a hub id (org/name[@revision]) or an http(s) base URL.

Options (rag):
  --store PATH    the store file (default: ${DEFAULT_STORE_PATH} in the current directory)
  --embedder M    embedding model (default: the built-in tiny-encoder fixture); ask with the one you indexed with
  --model M       chat model for ask (default: as for run)
  both take --json, -q, --threads, --hub-url and --offline; ask takes the model options below too

Options (serve; also --context, --threads, --revision, --hub-url, --offline, -q, and the sampling options below
as defaults for requests that leave them out):
  --host H  (default 127.0.0.1)   --port N  (default 8080; 0 picks a free port)
  --api-key KEY   require "Authorization: Bearer KEY" (or set POCKETLM_API_KEY)
  --max-body N    largest request body in bytes (default 1048576)
  --rate-limit N  requests per minute per client   --cors ORIGINS  let browser pages on these origins (or *) call it
  --embed-model M serve an embedding model on /v1/embeddings    --name ID  the model id clients send

Options (run, chat; rag ask takes all but --system and --raw):
  --max-tokens N  --temperature T  --top-k K  --top-p P  --min-p P  --seed S  --stop TEXT (repeatable)
  --repetition-penalty R  --presence-penalty P  --frequency-penalty F
  --system TEXT   system prompt          --raw       complete the prompt without the chat template
  --context N     context length         --threads N compute threads (onnxruntime intra-op, or wasm workers)
  --revision REV  --hub-url URL  --offline         --json  print the result as JSON   -q, --quiet

Backends (every command that loads a chat model):
  --backend node|wasm  onnxruntime-node (default) or PocketLM's own WebAssembly SIMD kernels
  --dtype fp32|fp16|q8|q4  weight precision (wasm: q8/q4 quantize at load, or read a GGUF's own blocks)
  --weights FILE  the wasm backend's weight file: model.safetensors (default) or a .gguf such as model-q4_0.gguf
`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return;
  }
  const extraFlags = command === 'rag' ? RAG_FLAGS : command === 'serve' ? SERVE_FLAGS : [];
  const { positionals, options, help, flags } = parseCliOptions(rest, extraFlags);
  if (help) {
    process.stdout.write(USAGE);
    return;
  }
  switch (command) {
    case 'run':
      return withSigint((signal) => runCommand(positionals, options, signal));
    case 'rag': {
      const [sub, ...args] = positionals;
      if (sub === 'index') return withSigint((signal) => ragIndexCommand(args, options, flags, signal));
      if (sub === 'ask') return withSigint((signal) => ragAskCommand(args, options, flags, signal));
      throw new PocketLMError(
        'INVALID_OPTIONS',
        `Unknown rag command "${sub ?? ''}". Usage: pocketlm rag index <folder> | pocketlm rag ask "<question>"`,
      );
    }
    case 'serve':
      return withSignals((signal) => serveCommand(positionals, options, flags, signal));
    case 'chat':
      return chatCommand(positionals, options);
    case 'fixture':
      return fixtureCommand(positionals, options.quiet);
    default:
      throw new PocketLMError('INVALID_OPTIONS', `Unknown command "${command}".\n\n${USAGE}`);
  }
}

/** Ctrl+C aborts the command (exit 130) instead of killing the process mid-write. */
async function withSigint(command: (signal: AbortSignal) => Promise<void>): Promise<void> {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    await command(controller.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** SIGINT and SIGTERM stop a server gracefully: `serve` closes once its requests finish or the grace ends. */
async function withSignals(command: (signal: AbortSignal) => Promise<void>): Promise<void> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await command(controller.signal);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
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
