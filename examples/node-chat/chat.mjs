// A terminal chat in ~30 lines: `pnpm start [model-dir-or-hub-id]`, one message per line.
import { createInterface } from 'node:readline';
import { createEngine, PocketLMError } from '@pocketlm/core';
import { nodeBackend } from '@pocketlm/node';

// With no model given, use the testkit's tiny fixture (random weights: it shows the plumbing, not prose).
const model = process.argv[2] ?? (await import('@pocketlm/testkit').then((t) => t.ensureFixture('tiny')));
const engine = await createEngine({ backend: nodeBackend(), model });
const chat = engine.chat({
  system: 'You are a helpful assistant.',
  defaults: { maxTokens: 128, temperature: 0.7 },
});

const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
let stop;
rl.on('SIGINT', () => (stop ? stop.abort() : rl.close()));
rl.setPrompt('you> ');
rl.prompt();
for await (const line of rl) {
  if (line.trim()) {
    stop = new AbortController();
    process.stdout.write('bot> ');
    try {
      for await (const event of chat.stream(line, { signal: stop.signal })) {
        if (event.type === 'text-delta') process.stdout.write(event.text);
        if (event.type === 'finish')
          process.stdout.write(
            `\n[${event.usage.completionTokens} tokens, ${event.timings.decodeTokensPerSecond.toFixed(0)} tok/s]\n`,
          );
      }
    } catch (error) {
      if (!PocketLMError.isInstance(error, 'ABORTED')) throw error;
      process.stdout.write(' [stopped]\n');
    }
    stop = undefined;
  }
  rl.prompt();
}
await engine.dispose();
