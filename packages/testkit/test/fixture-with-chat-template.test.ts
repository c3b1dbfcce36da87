import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ensureFixture, fixtureWithChatTemplate } from '../src/index.js';

it('fixtureWithChatTemplate copies the fixture with the new template, leaving the cached one as it was', async () => {
  const cached = join(await ensureFixture('tiny'), 'tokenizer_config.json');
  const before = await readFile(cached, 'utf8');
  const dir = await fixtureWithChatTemplate('tiny', '{{ messages[0].content }}');
  const config = JSON.parse(await readFile(join(dir, 'tokenizer_config.json'), 'utf8'));
  expect(config.chat_template).toBe('{{ messages[0].content }}');
  expect(config.eos_token).toEqual(JSON.parse(before).eos_token);
  expect(await readFile(cached, 'utf8')).toBe(before);
});
