import { createWorkerEngine } from '@pocketlm/web';

// Any model URL or hub id; `?model=` overrides the default (the smoke test points it at a local fixture).
const model = new URLSearchParams(location.search).get('model') ?? 'HuggingFaceTB/SmolLM2-135M-Instruct';

const status = document.getElementById('status') as HTMLElement;
const form = document.getElementById('chat') as HTMLFormElement;
const input = document.getElementById('message') as HTMLInputElement;
const send = document.getElementById('send') as HTMLButtonElement;
const reply = document.getElementById('reply') as HTMLElement;

const engine = createWorkerEngine(
  new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' }),
);

status.textContent = `Loading ${model}…`;
engine
  .load({
    model,
    onProgress: (p) => {
      if (p.type === 'download') status.textContent = `Downloading ${p.file}: ${p.loaded} bytes`;
    },
  })
  .then((info) => {
    status.textContent = `Ready (${info.backend})`;
    send.disabled = false;
  })
  .catch((error: Error) => {
    status.textContent = `Could not load the model: ${error.message}`;
  });

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  send.disabled = true;
  reply.textContent = '';
  reply.removeAttribute('data-done');
  for await (const ev of engine.stream({
    messages: [{ role: 'user', content: input.value }],
    maxTokens: 64,
  })) {
    if (ev.type === 'text-delta') reply.textContent += ev.text;
    if (ev.type === 'finish') reply.dataset.done = `${ev.usage.completionTokens} tokens`;
  }
  send.disabled = false;
});
