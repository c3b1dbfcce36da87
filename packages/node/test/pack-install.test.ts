import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { beforeAll, describe, expect, it } from 'vitest';
import { pnpmCommand } from '../../../scripts/pnpm-command.mjs';
import { tinyDir } from './engine-fixture.js';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const published = ['packages/core', 'packages/node', 'apps/cli'];

/** Packs a workspace package the way it is published (workspace: ranges rewritten) and returns the tarball path. */
function pack(dir: string, into: string): string {
  const [pnpm, ...pre] = pnpmCommand();
  const before = new Set(readdirSync(into));
  execFileSync(pnpm, [...pre, 'pack', '--pack-destination', into], { cwd: join(repo, dir), stdio: 'ignore' });
  const tarball = readdirSync(into).find((f) => f.endsWith('.tgz') && !before.has(f));
  if (!tarball) throw new Error(`pnpm pack wrote no tarball for ${dir}`);
  return join(into, tarball);
}

const work = mkdtempSync(join(tmpdir(), 'pocketlm-pack-'));
const tarballs = new Map<string, string>();
beforeAll(() => {
  for (const dir of published) tarballs.set(dir, pack(dir, work));
}, 120_000);

describe('published packages', () => {
  it.each(published)('%s passes publint on its packed tarball', async (dir) => {
    // Lint exactly what would be published: the unpacked tarball, with nothing packed again.
    const unpacked = mkdtempSync(join(tmpdir(), 'pocketlm-publint-'));
    execFileSync('tar', ['-xzf', tarballs.get(dir) as string, '-C', unpacked]);
    const { messages } = await publint({
      pkgDir: join(unpacked, 'package'),
      pack: false,
      level: 'warning',
      strict: false,
    });
    expect(messages.filter((m) => m.type === 'error')).toEqual([]);
  });

  it('core and node install from their tarballs with npm and stream a reply', async () => {
    const app = join(work, 'app');
    mkdirSync(app, { recursive: true });
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'pack-smoke', private: true, type: 'module' }, null, 2),
    );
    // onnxruntime-node's install script would fetch CUDA libraries from outside the registry; the CPU build ships
    // inside the package, so the documented skip switch is all a CPU user needs.
    execFileSync(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        tarballs.get('packages/core') as string,
        tarballs.get('packages/node') as string,
        'onnxruntime-node@1.30.0',
      ],
      { cwd: app, stdio: 'inherit', env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' } },
    );
    writeFileSync(
      join(app, 'stream.mjs'),
      `import { createEngine } from '@pocketlm/core';
import { nodeBackend } from '@pocketlm/node';
const engine = await createEngine({ backend: nodeBackend(), model: process.argv[2] });
let text = '';
let finish;
for await (const e of engine.stream({ messages: [{ role: 'user', content: 'Hi' }], maxTokens: 8 })) {
  if (e.type === 'text-delta') text += e.text;
  if (e.type === 'finish') finish = e;
}
await engine.dispose();
console.log(JSON.stringify({ text, tokens: finish.tokens, usage: finish.usage }));
`,
    );
    const out = execFileSync(process.execPath, ['stream.mjs', await tinyDir()], {
      cwd: app,
      encoding: 'utf8',
    });
    const result = JSON.parse(out.trim().split('\n').at(-1) ?? '{}');
    expect(result.tokens.length).toBeGreaterThan(0);
    expect(result.usage.completionTokens).toBe(result.tokens.length);
  }, 300_000);
});
