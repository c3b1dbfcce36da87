import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitRunArgs } from '../src/commands/run.js';
import { runCli } from './run-cli.js';

/** Runs the built CLI the way a user does, with optional stdin. */
const cli = (args: string[], input?: string) => runCli(args, { input });

describe('pocketlm CLI', () => {
  it('run streams from the default model and prints usage and timings', async () => {
    const r = await cli(['run', 'Hello there', '--max-tokens', '12', '--seed', '1', '--temperature', '0.8']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/prompt tokens, \d+ generated/);
    expect(r.stderr).toMatch(/time to first token \d+ ms/);
    expect(r.stdout.length).toBeGreaterThan(0);
  });

  it('run --json prints the finish event, reproducible with a seed', async () => {
    const args = ['run', 'Hello', '--max-tokens', '10', '--temperature', '1', '--seed', '5', '--json'];
    const [a, b] = [await cli(args), await cli(args)];
    const ja = JSON.parse(a.stdout);
    expect(ja.finishReason).toBeDefined();
    expect(ja.usage.completionTokens).toBe(ja.tokens.length);
    expect(ja.tokens).toEqual(JSON.parse(b.stdout).tokens);
  });

  it('bad options exit 1 with a typed message', async () => {
    const r = await cli(['run', 'hi', '--max-tokens', 'lots']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[INVALID_OPTIONS]');
    const zero = await cli(['run', 'hi', '--max-tokens', '0']);
    expect(zero.stderr).toContain('[INVALID_OPTIONS]');
    const unknown = await cli(['run', '--no-such-flag']);
    expect(unknown.stderr).toContain('[INVALID_OPTIONS]');
    const missing = await cli(['run', './no/such/dir', 'hi']);
    expect(missing.stderr).toContain('[MODEL_NOT_FOUND]');
  });

  it('chat keeps history across turns and exits on /exit', async () => {
    const r = await cli(['chat', '--max-tokens', '6'], 'Hello\nAnd again\n/exit\n');
    expect(r.code).toBe(0);
    const stats = r.stderr.match(/prompt tokens \((\d+) cached\)/g) ?? [];
    expect(stats.length).toBe(1); // the second turn reuses the first turn's KV
  });

  it('fixture writes a model directory', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'pocketlm-cli-')), 'tiny');
    const r = await cli(['fixture', 'tiny', dir]);
    expect(r.code).toBe(0);
    for (const f of [
      'config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'model.safetensors',
      'onnx/model.onnx',
    ]) {
      expect(existsSync(join(dir, f))).toBe(true);
    }
    const bad = await cli(['fixture', 'huge', dir]);
    expect(bad.stderr).toContain('[INVALID_OPTIONS]');
  });

  it('help lists the commands', async () => {
    const r = await cli(['--help']);
    expect(r.stdout).toMatch(/pocketlm run/);
    expect(r.stdout).toMatch(/pocketlm chat/);
  });
});

describe('splitRunArgs', () => {
  it('tells a model from a prompt', () => {
    expect(splitRunArgs([])).toEqual({ model: undefined, prompt: undefined });
    expect(splitRunArgs(['Tell me a joke'])).toEqual({ model: undefined, prompt: 'Tell me a joke' });
    expect(splitRunArgs(['HuggingFaceTB/SmolLM2-135M-Instruct'])).toEqual({
      model: 'HuggingFaceTB/SmolLM2-135M-Instruct',
      prompt: undefined,
    });
    expect(splitRunArgs(['org/name@v2', 'hi', 'there'])).toEqual({
      model: 'org/name@v2',
      prompt: 'hi there',
    });
  });
});
