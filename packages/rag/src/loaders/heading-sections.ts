import type { DocumentSection } from './loaded-document.js';

/** Turns a flat list of headings (in document order) into sections carrying their full heading path. */
export function headingSections(
  headings: { start: number; level: number; text: string }[],
): DocumentSection[] {
  const stack: { level: number; text: string }[] = [];
  return headings.map(({ start, level, text }) => {
    while (stack.length > 0 && stack[stack.length - 1].level >= level) stack.pop();
    stack.push({ level, text });
    return { start, headings: stack.map((h) => h.text) };
  });
}
