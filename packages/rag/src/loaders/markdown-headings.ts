/** A Markdown heading found in the text. */
export interface MarkdownHeading {
  /** Offset of the heading's first line. */
  start: number;
  level: number;
  text: string;
}

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Finds ATX (`# Title`) and setext (`Title\n====`) headings, skipping fenced code blocks so a `# comment` in a
 * shell snippet is not taken for a heading. This is the subset of CommonMark that decides sections; a full
 * Markdown parser would add a dependency tree for no gain in where headings are.
 */
export function markdownHeadings(text: string): MarkdownHeading[] {
  const headings: MarkdownHeading[] = [];
  let fence: string | undefined;
  let offset = 0;
  let previous: { start: number; line: string } | undefined;
  for (const line of text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    const fenceMatch = FENCE.exec(line);
    if (fence !== undefined) {
      if (fenceMatch && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length)
        fence = undefined;
      previous = undefined;
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1];
      previous = undefined;
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      headings.push({ start, level: atx[1].length, text: (atx[2] ?? '').trim() });
      previous = undefined;
      continue;
    }
    const setext = SETEXT.exec(line);
    if (setext && previous && isParagraphLine(previous.line)) {
      headings.push({
        start: previous.start,
        level: setext[1][0] === '=' ? 1 : 2,
        text: previous.line.trim(),
      });
      previous = undefined;
      continue;
    }
    previous = line.trim() === '' ? undefined : { start, line };
  }
  return headings;
}

/** A line that can be a setext heading's text: not indented code, a list item, a quote or a rule. */
function isParagraphLine(line: string): boolean {
  return !/^ {4}|^\s*([-*+>]|\d+[.)])\s|^\s*[-*_](\s*[-*_]){2,}\s*$/.test(line);
}
