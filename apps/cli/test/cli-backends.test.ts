import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const greedy = ['run', 'Hello there', '--max-tokens', '16', '--temperature', '0', '--json'];

describe('pocketlm --backend', () => {
  it('the wasm backend streams the same greedy tokens as the node backend on the default model', async () => {
    const [node, wasm] = [
      await runCli(greedy),
      await runCli([...greedy, '--backend', 'wasm', '--threads', '2']),
    ];
    expect(node.code, node.stderr).toBe(0);
    expect(wasm.code, wasm.stderr).toBe(0);
    const tokens = JSON.parse(node.stdout).tokens;
    expect(tokens).toHaveLength(16);
    expect(JSON.parse(wasm.stdout).tokens).toEqual(tokens);
  });

  it('the wasm backend reads a GGUF file with its own 4-bit blocks', async () => {
    const r = await runCli([...greedy, '--backend', 'wasm', '--weights', 'model-q4_0.gguf', '--dtype', 'q4']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).usage.completionTokens).toBeGreaterThan(0);
  });

  it('unknown backends and dtypes, and --weights without the wasm backend, are INVALID_OPTIONS', async () => {
    for (const args of [
      ['run', 'hi', '--backend', 'gpu'],
      ['run', 'hi', '--dtype', 'int3'],
      ['run', 'hi', '--weights', 'model-q4_0.gguf'],
    ]) {
      const r = await runCli(args);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('[INVALID_OPTIONS]');
    }
  });

  it('a weight file the model does not have is MODEL_NOT_FOUND', async () => {
    const r = await runCli(['run', 'hi', '--backend', 'wasm', '--weights', 'model-q5_k.gguf']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[MODEL_NOT_FOUND]');
  });
});
