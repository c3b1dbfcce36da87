import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markdownCodeBlocks, parseMarkdownCodeBlocks } from '../src/index.js';

const page = [
  '# Guide',
  '```sh',
  '# a comment, not a heading',
  'npm i x',
  '```',
  '## Use it',
  '```ts test',
  'const a = 1;',
  '',
  'console.log(a);',
  '```',
  '```js',
  'x()',
  '```',
].join('\n');

describe('markdownCodeBlocks', () => {
  it('reads each fence with its language, tags, line and heading', () => {
    expect(parseMarkdownCodeBlocks(page)).toEqual([
      { lang: 'sh', tags: [], code: '# a comment, not a heading\nnpm i x\n', line: 2, heading: 'Guide' },
      { lang: 'ts', tags: ['test'], code: 'const a = 1;\n\nconsole.log(a);\n', line: 7, heading: 'Use it' },
      { lang: 'js', tags: [], code: 'x()\n', line: 12, heading: 'Use it' },
    ]);
  });

  it('filters a file by language and tag', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'pocketlm-md-')), 'page.md');
    await writeFile(file, page);
    expect((await markdownCodeBlocks(file, { tag: 'test' })).map((b) => b.line)).toEqual([7]);
    expect((await markdownCodeBlocks(file, { lang: ['ts', 'js'] })).map((b) => b.line)).toEqual([7, 12]);
    expect((await markdownCodeBlocks(file, { lang: 'ts', tag: 'nope' })).length).toBe(0);
  });
});
