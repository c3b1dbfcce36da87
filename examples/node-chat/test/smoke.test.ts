import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('chats over stdin and reports tokens per reply', () => {
  const dir = fileURLToPath(new URL('..', import.meta.url));
  const r = spawnSync(process.execPath, ['chat.mjs'], {
    cwd: dir,
    input: 'Hello\nHow are you?\n',
    encoding: 'utf8',
  });
  expect(r.status).toBe(0);
  expect(r.stdout.match(/bot> /g)).toHaveLength(2);
  expect(r.stdout).toMatch(/\[\d+ tokens, \d+ tok\/s\]/);
});
