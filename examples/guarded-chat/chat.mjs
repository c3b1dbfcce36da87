// A terminal chat behind the guard: `pnpm start [model] [classifier-model]`, one message per line.
// Injection and jailbreak rules, PII redacted before the model sees it (and restored in the answer), output
// redacted while it streams, and a harmful-prompt classifier that fails closed. Decisions go to an audit log.
import { createInterface } from 'node:readline';
import { createClassifier, createEngine, PocketLMError } from '@pocketlm/core';
import { classifierCheck, isGuardEvent, recommendedPolicy, withGuard } from '@pocketlm/guard';
import { nodeBackend } from '@pocketlm/node';

// Without arguments, the testkit's random-weight fixtures: they show the plumbing, not good answers or verdicts.
const fixture = (name) => import('@pocketlm/testkit').then((t) => t.ensureFixture(name));
const backend = nodeBackend();
const engine = await createEngine({ backend, model: process.argv[2] ?? (await fixture('tiny')) });
const classifierModel = process.argv[3] ?? (await fixture('tiny-classifier'));

const policy = {
  ...recommendedPolicy({
    input: [
      classifierCheck({
        // Loaded on first use; if it cannot load, every prompt is refused (fail closed), never waved through.
        classifier: () => createClassifier({ backend, model: classifierModel }),
        unsafeLabels: ['unsafe'],
        threshold: 0.9,
        onError: 'fail-closed',
      }),
    ],
  }),
  onDecision: (d) => console.error(`[audit] ${d.stage} ${d.check}: ${d.action} — ${d.reason}`),
};
const guarded = withGuard(engine, policy);
const chat = guarded.chat({
  system: 'You are a helpful assistant.',
  defaults: { maxTokens: 64, temperature: 0.7 },
});

const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
rl.setPrompt('you> ');
rl.prompt();
for await (const line of rl) {
  if (line.trim()) {
    process.stdout.write('bot> ');
    try {
      for await (const event of chat.stream(line)) {
        if (event.type === 'text-delta') process.stdout.write(event.text);
        if (isGuardEvent(event) && event.data.stage === 'input' && event.data.action === 'redact')
          process.stdout.write(`(redacted before the model saw it: ${event.data.reason}) `);
        if (event.type === 'finish') process.stdout.write(`\n[${event.finishReason}]\n`);
      }
    } catch (error) {
      if (!PocketLMError.isInstance(error, 'CONTENT_BLOCKED')) throw error;
      process.stdout.write(`[blocked: ${error.details.decision.check}]\n`);
    }
  }
  rl.prompt();
}
await guarded.dispose();
