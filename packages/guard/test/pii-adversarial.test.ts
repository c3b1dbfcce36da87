import { describe, expect, it } from 'vitest';
import { detectPii, piiDetectors } from '../src/pii/detect-pii.js';
import { PII_KINDS } from '../src/pii/pii-kind.js';
import { elapsedMs } from './timing.js';

const MB = 1 << 20;
const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);

// Inputs built to make a backtracking matcher go quadratic or worse: long runs of what each detector scans for,
// with the one character that would complete a match missing.
const ADVERSARIAL: Record<string, string> = {
  digits: fill('7'),
  'digits and spaces': fill('4 '),
  'digit groups': fill('4111 '),
  'phone-like groups': fill('(020) 7946-'),
  'plus and digits': fill('+1 4'),
  at: fill('@'),
  'a dot': fill('a.'),
  'local part then at': `${fill('a')}@`,
  'at then domain': `@${fill('a.')}`,
  'a at': fill('a@'),
  colons: fill(':'),
  'hex and colons': fill('ab:'),
  'dotted digits': fill('1.'),
  'iban start': fill('DE89 '),
  letters: fill('A'),
  'key prefixes': fill('AKIAghp_sk-'),
  'jwt start': fill('eyJ'),
  'jwt halves': fill('eyJabcde.'),
  'assignment keys': fill('password='),
  'pem begin': fill('-----BEGIN '),
  'url scheme': fill('a://'),
  'lone surrogates': fill('\ud800'),
  // Distinct (uncached) labelled phone-shaped numbers that fail validation: the parse budget bounds them.
  'labelled phone-like numbers': Array.from(
    { length: MB / 16 },
    (_, i) => `call 000${String(i).padStart(6, '0')}9 `,
  )
    .join('')
    .slice(0, MB),
};

describe('linear time on adversarial input', () => {
  for (const [name, text] of Object.entries(ADVERSARIAL)) {
    it(`1 MB of ${name}: every detector under 2 s`, () => {
      const detectors = piiDetectors();
      for (const kind of PII_KINDS) {
        const ms = elapsedMs(() => detectors[kind](text));
        // Generous: a quadratic scan of 1 MB takes minutes; linear ones take milliseconds.
        expect(ms, `${kind} on ${name}: ${ms.toFixed(0)} ms`).toBeLessThan(2000);
      }
    });
  }

  it('grows linearly: 4× the input costs far less than 16× the time', () => {
    const time = (text: string) => elapsedMs(() => detectPii(text));
    const small = fill('4111 (020) a@b. eyJabcde. password= ').slice(0, MB / 4);
    const large = small.repeat(4);
    time(small); // warm up
    const ratio = time(large) / Math.max(1, time(small));
    expect(ratio).toBeLessThan(12);
  });
});

describe('lone surrogates', () => {
  it('never throw and keep offsets right around broken UTF-16', () => {
    const text =
      '\ud83d mail jane@gmail.com\udc00 card 4111 1111 1111 1111 \ud800\ud800 ip 84.17.203.9 \udfff';
    const spans = detectPii(text);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual([
      'jane@gmail.com',
      '4111 1111 1111 1111',
      '84.17.203.9',
    ]);
  });

  it('a surrogate inside an entity ends it rather than joining it', () => {
    expect(() => detectPii('ja\ud800ne@gmail.com sk-\udc00AbCdEfGh12345678901234')).not.toThrow();
    const text = 'ja\ud800ne@gmail.com';
    const [span] = detectPii(text);
    expect(text.slice(span.start, span.end)).toBe('ne@gmail.com');
  });
});
