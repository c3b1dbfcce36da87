import { Parser } from 'htmlparser2';
import type { MarkdownHeading } from './markdown-headings.js';

/** Elements whose content is never document text (code, navigation chrome, embedded media). */
const DROPPED = new Set(
  'script style nav noscript template head svg math iframe object canvas select'.split(' '),
);
/** Elements that end a paragraph: a blank line around them. */
const PARAGRAPHS = new Set([
  ...'p h1 h2 h3 h4 h5 h6 pre blockquote table ul ol dl figure hr'.split(' '),
  ...'section article main header footer aside address details form fieldset'.split(' '),
]);
/** Elements that start a new line. */
const LINES = new Set('div li dt dd tr br figcaption caption summary legend option'.split(' '));
const HEADING = /^h([1-6])$/;

/** The readable text of an HTML page, its headings (with offsets into that text) and its `<title>`. */
export interface HtmlText {
  text: string;
  headings: MarkdownHeading[];
  title?: string;
}

/**
 * Walks the HTML with htmlparser2 (a tolerant, streaming HTML parser that decodes entities) and writes the text
 * the way a reader sees it: whitespace collapsed except in `<pre>`, blocks separated by line breaks, headings kept.
 */
export function htmlToText(html: string): HtmlText {
  const out = new TextBuilder();
  const headings: MarkdownHeading[] = [];
  let dropped = 0;
  let pre = 0;
  let title: string | undefined;
  let inTitle = false;
  let heading: { level: number; start: number; from: number } | undefined;

  const parser = new Parser(
    {
      onopentag(name) {
        if (name === 'title') inTitle = true;
        if (dropped > 0 || DROPPED.has(name)) {
          if (DROPPED.has(name)) dropped++;
          return;
        }
        if (PARAGRAPHS.has(name)) out.breakLines(2);
        else if (LINES.has(name)) out.breakLines(1);
        if (name === 'pre') pre++;
        const level = HEADING.exec(name);
        if (level && !heading) {
          out.breakLines(2);
          heading = { level: Number(level[1]), start: out.nextStart(), from: out.length };
        }
      },
      ontext(data) {
        if (inTitle) title = (title ?? '') + data;
        else if (dropped === 0) out.write(data, pre > 0);
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false;
        if (DROPPED.has(name)) {
          if (dropped > 0) dropped--;
          return;
        }
        if (dropped > 0) return;
        if (name === 'pre' && pre > 0) pre--;
        if (heading && name === `h${heading.level}`) {
          const text = out.slice(heading.from).trim();
          if (text) headings.push({ start: heading.start, level: heading.level, text: collapse(text) });
          heading = undefined;
        }
        if (PARAGRAPHS.has(name)) out.breakLines(2);
        else if (LINES.has(name)) out.breakLines(1);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  const cleanTitle = title === undefined ? undefined : collapse(title);
  return { text: out.toString(), headings, ...(cleanTitle ? { title: cleanTitle } : {}) };
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Appends text with HTML whitespace rules; line breaks are pending until real text follows, so none trail. */
class TextBuilder {
  private text = '';
  private pendingBreaks = 0;
  private pendingSpace = false;

  get length(): number {
    return this.text.length;
  }

  /** Where the next written character will land (after any pending break). */
  nextStart(): number {
    if (this.text.length === 0) return 0;
    return this.text.length + (this.pendingBreaks > 0 ? this.pendingBreaks : this.pendingSpace ? 1 : 0);
  }

  breakLines(count: number): void {
    this.pendingBreaks = Math.max(this.pendingBreaks, count);
    this.pendingSpace = false;
  }

  write(data: string, preformatted: boolean): void {
    // HTML collapses ASCII whitespace only: a no-break space is content.
    const piece = preformatted ? data.replace(/\r\n?/g, '\n') : data.replace(/[ \t\n\f\r]+/g, ' ');
    if (preformatted) {
      if (piece) this.flush(piece);
      return;
    }
    const leading = piece.startsWith(' ');
    const body = piece.replace(/^ | $/g, '');
    if (!body) {
      if (piece && this.text.length > 0 && this.pendingBreaks === 0) this.pendingSpace = true;
      return;
    }
    if (leading && this.pendingBreaks === 0 && this.text.length > 0) this.pendingSpace = true;
    this.flush(body);
    this.pendingSpace = piece.endsWith(' ');
  }

  slice(from: number): string {
    return this.text.slice(from);
  }

  toString(): string {
    return this.text;
  }

  private flush(body: string): void {
    if (this.text.length > 0) {
      if (this.pendingBreaks > 0) this.text += '\n'.repeat(this.pendingBreaks);
      else if (this.pendingSpace) this.text += ' ';
    }
    this.pendingBreaks = 0;
    this.pendingSpace = false;
    this.text += body;
  }
}
