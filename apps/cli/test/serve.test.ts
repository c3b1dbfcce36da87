import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { ensureFixture } from '@pocketlm/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { modelId } from '../src/commands/serve.js';
import { runCli } from './run-cli.js';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** Starts `pocketlm serve …` and resolves with the process and the base URL it printed. */
async function serve(
  args: string[],
): Promise<{ child: ChildProcess; baseUrl: string; stderr: () => string }> {
  const child = spawn(process.execPath, [bin, 'serve', ...args], { env: process.env });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      stdout += d;
      const match = /at (http:\/\/\S+\/v1)/.exec(stdout);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code} before listening:\n${stderr}`)));
  });
  return { child, baseUrl, stderr: () => stderr };
}

describe('pocketlm serve', () => {
  let running: ChildProcess | undefined;
  afterEach(() => {
    if (running && running.exitCode === null) running.kill('SIGKILL');
    running = undefined;
  });

  it('serves the default model on a free port, answers /health and a completion, and stops on SIGTERM', async () => {
    const { child, baseUrl, stderr } = await serve([
      '--port',
      '0',
      '--api-key',
      'k1',
      '--cors',
      'http://a.test, http://b.test',
    ]);
    running = child;
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const root = baseUrl.replace(/\/v1$/, '');
    expect(await (await fetch(`${root}/health`)).json()).toMatchObject({ status: 'ok', models: ['tiny'] });
    const unauthorized = await fetch(`${baseUrl}/models`, { headers: { origin: 'http://b.test' } });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('access-control-allow-origin')).toBe('http://b.test');
    const response = await fetch(`${baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer k1' },
      body: JSON.stringify({ model: 'tiny', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 5 }),
    });
    expect(response.status).toBe(200);
    expect((await response.json()).usage.completion_tokens).toBe(5);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(stderr()).toContain('shutting down');
    expect(stderr()).toMatch(/POST \/v1\/chat\/completions 200/);
  });

  it('serves an --embed-model under its directory name, the model under --name, with --max-tokens as the default', async () => {
    const encoder = await ensureFixture('tiny-encoder');
    const { child, baseUrl } = await serve([
      '--port',
      '0',
      '-q',
      '--name',
      'chat',
      '--embed-model',
      encoder,
      '--max-tokens',
      '3',
    ]);
    running = child;
    const models = await (await fetch(`${baseUrl}/models`)).json();
    expect(models.data.map((m: { id: string }) => m.id)).toEqual(['chat', 'tiny-encoder']);
    const response = await fetch(`${baseUrl}/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'tiny-encoder', input: ['one', 'two'] }),
    });
    const body = await response.json();
    expect(body.data).toHaveLength(2);
    expect(body.data[0].embedding.length).toBeGreaterThan(0);
    // --max-tokens is the default for requests that leave max_tokens out.
    const chat = await fetch(`${baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect((await chat.json()).usage.completion_tokens).toBe(3);
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('refuses a bad --port with INVALID_OPTIONS', async () => {
    const r = await runCli(['serve', '--port', 'eighty']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--port needs an integer .*\[INVALID_OPTIONS\]/);
  });

  it('names the served model after its directory, hub id or the default fixture', () => {
    expect(modelId(undefined)).toBe('tiny');
    expect(modelId('HuggingFaceTB/SmolLM2-135M-Instruct')).toBe('HuggingFaceTB/SmolLM2-135M-Instruct');
    expect(modelId('https://example.com/models/qwen/')).toBe('qwen');
    expect(modelId(fileURLToPath(new URL('.', import.meta.url)))).toBe('test');
  });
});
