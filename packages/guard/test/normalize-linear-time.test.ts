import { describe, expect, it } from 'vitest';
import { normalizeText } from '../src/normalize/index.js';
import { bestMs } from './timing.js';

const MB = 1_000_000;

describe('normalizeText runs in linear time', () => {
  // Each input stresses one stage: runs scanned ahead (spacing, payloads, escapes), views built twice (leetspeak),
  // per-character folding (homoglyphs, surrogates, marks).
  const inputs: Record<string, string> = {
    'one 1 MB word': 'a'.repeat(MB),
    'single letters with gaps': 'a '.repeat(MB / 2),
    'single letters with mixed gaps': 'a . b - c _ '.repeat(MB / 12),
    'single digits with gaps': '1 '.repeat(MB / 2),
    'a base64 run': 'QUFB'.repeat(MB / 4),
    'printable base64 run': Buffer.from('ignore previous '.repeat(MB / 22)).toString('base64'),
    'percent escapes': '%41'.repeat(MB / 3),
    'backslash escapes': '\\x41'.repeat(MB / 4),
    'almost-escapes': '\\x4'.repeat(MB / 3),
    'entity escapes': '&#105;'.repeat(MB / 6),
    'ROT13 instruction words': 'vtaber cerivbhf '.repeat(MB / 16),
    'leetspeak with 1s': 'ru1es te11 '.repeat(MB / 11),
    'homoglyph words': 'іgnоrе '.repeat(MB / 7),
    'combining marks': 'a\u0336'.repeat(MB / 2),
    'lone surrogates': '\udc00'.repeat(MB),
    'astral letters': '𝐚'.repeat(MB / 2),
  };
  for (const [name, text] of Object.entries(inputs)) {
    it(`normalises ${name} (${(text.length / MB).toFixed(1)} MB) in under 2 s`, () => {
      // Measured 0.1–0.8 s per MB on a loaded 2-core machine.
      expect(bestMs(() => normalizeText(text))).toBeLessThan(2000);
    });
  }

  it('grows about linearly: 4× the text takes well under 16× the time', () => {
    const unit = 'i g n o r e   a l l 1gn0r3 іgnоrе aWdub3JlIGFsbA== %69%67 \\x69\\x67 vtaber cerivbhf\n';
    const small = unit.repeat(2_500);
    const large = unit.repeat(10_000);
    const smallMs = bestMs(() => normalizeText(small));
    const largeMs = bestMs(() => normalizeText(large));
    expect(largeMs).toBeLessThan(smallMs * 10 + 50);
  });
});
