import { readFile } from 'node:fs/promises';

/** One fenced code block of a Markdown file. */
export interface MarkdownCodeBlock {
  /** The first word of the info string (```ts test → `ts`); '' for a bare fence. */
  lang: string;
  /** The words after the language (```ts test → `['test']`): how a doc marks the blocks a test runs. */
  tags: string[];
  /** The block's text, ending with a newline. */
  code: string;
  /** The 1-based line of the opening fence, so a failing snippet names the place in the doc. */
  line: number;
  /** The nearest heading above the block, without its `#`s ('' before the first heading). */
  heading: string;
}

export interface MarkdownCodeBlockFilter {
  /** Keep only blocks in this language (or one of these). */
  lang?: string | string[];
  /** Keep only blocks whose info string has this word after the language. */
  tag?: string;
}

/**
 * The ``` fenced code blocks of a Markdown file, in order: what a docs test reads to run the snippets a page
 * promises work. Fences are the plain ``` kind at the start of a line (not ~~~, not indented), as the docs write
 * them; a `#` line inside a block is code, not a heading.
 */
export async function markdownCodeBlocks(
  path: string | URL,
  filter: MarkdownCodeBlockFilter = {},
): Promise<MarkdownCodeBlock[]> {
  const blocks = parseMarkdownCodeBlocks(await readFile(path, 'utf8'));
  const langs = filter.lang === undefined ? undefined : [filter.lang].flat();
  return blocks.filter(
    (b) => (!langs || langs.includes(b.lang)) && (filter.tag === undefined || b.tags.includes(filter.tag)),
  );
}

/** The fenced code blocks of Markdown text (see {@link markdownCodeBlocks}). */
export function parseMarkdownCodeBlocks(markdown: string): MarkdownCodeBlock[] {
  const blocks: MarkdownCodeBlock[] = [];
  let heading = '';
  let open: { info: string[]; line: number; lines: string[] } | undefined;
  markdown.split('\n').forEach((text, i) => {
    if (open) {
      if (/^```\s*$/.test(text)) {
        const [lang = '', ...tags] = open.info;
        blocks.push({ lang, tags, code: `${open.lines.join('\n')}\n`, line: open.line, heading });
        open = undefined;
      } else {
        open.lines.push(text);
      }
      return;
    }
    const fence = /^```(.*)$/.exec(text);
    if (fence) open = { info: fence[1].trim().split(/\s+/).filter(Boolean), line: i + 1, lines: [] };
    else if (/^#{1,6} /.test(text)) heading = text.replace(/^#+ /, '').trim();
  });
  return blocks;
}
