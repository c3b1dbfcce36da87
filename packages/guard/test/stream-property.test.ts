import { describe, expect, it } from 'vitest';
import { detectPii } from '../src/pii/detect-pii.js';
import { PiiVault } from '../src/pii/pii-vault.js';
import { redactSpans } from '../src/pii/redact-spans.js';
import { StreamRedactor, type StreamRedactorOptions } from '../src/stream/stream-redactor.js';

const BEFORE =
  'Here is the summary you asked for. The quarterly numbers look fine, shipping is on time, and the team ' +
  'agreed to move the review to Thursday at 10:30. Order #4829105732 was refunded on 2024-03-15; version ' +
  'v2.14.3 fixes the leak. Now the detail that matters most for the handover is this one: ';
const AFTER =
  ' — keep it safe. Everything else (ISBN 978-0-306-40615-7, room 1204, $1,299.99) can go into the wiki, ' +
  'and the UUID 550e8400-e29b-41d4-a716-446655440000 identifies the ticket.';

// Synthetic values that pass their checks.
const ENTITIES: Record<string, string> = {
  email: 'jane.doe+news@gmail.com',
  card: '4111 1111 1111 1111',
  'aws key': 'AKIA2OGYBAH6TKVQ3R7Z',
  password: 'password=Tr0ub4dor&3',
  jwt: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0ODI5MTA1NyIsIm5hbWUiOiJMZW5hIn0.Qm3LpX8vT2nR7sK1wY6zB4cD9fGhJkLm0NpQrStUvWx',
  iban: 'GB82 WEST 1234 5698 7654 32',
  phone: '+44 20 7946 0123',
  ssn: 'SSN 536-22-1940',
  ipv6: '2a02:8108:1fc0:7a00::3b1',
};

/** Streams `deltas`, checking after every push that what went out is a prefix of `expected`. */
function stream(deltas: readonly string[], expected: string, options: Partial<StreamRedactorOptions> = {}) {
  const redactor = new StreamRedactor({ checks: [(text) => detectPii(text)], ...options });
  const holdBack = options.holdBack ?? 256;
  let out = '';
  for (const delta of deltas) {
    out += redactor.push(delta).text;
    if (!expected.startsWith(out)) return { out, redactor, leaked: true };
    expect(redactor.pending).toBeLessThanOrEqual(options.maxOpenHold ?? 4 * holdBack);
  }
  out += redactor.flush().text;
  return { out, redactor, leaked: false };
}

function expectStreams(deltas: readonly string[], expected: string, secret: string, label: string) {
  const { out, redactor, leaked } = stream(deltas, expected);
  expect(leaked, `${label}: emitted ${JSON.stringify(out.slice(-60))}`).toBe(false);
  expect(out, label).toBe(expected);
  expect(out.includes(secret), label).toBe(false);
  expect(redactor.lateSpans, label).toBe(0);
}

describe('StreamRedactor: an entity split anywhere is never emitted', () => {
  for (const [name, entity] of Object.entries(ENTITIES)) {
    const text = BEFORE + entity + AFTER;
    const expected = redactSpans(text, detectPii(text));
    const start = BEFORE.length;
    const end = start + entity.length;
    const secret = name === 'password' ? 'Tr0ub4dor&3' : name === 'ssn' ? '536-22-1940' : entity;

    it(`${name}: batch redaction removes it (sanity)`, () => {
      expect(expected.includes(secret)).toBe(false);
      expect(expected.startsWith(BEFORE.slice(0, 100))).toBe(true);
    });

    it(`${name}: one delta, and two deltas at every split point of the text`, () => {
      expectStreams([text], expected, secret, 'one delta');
      for (let p = 0; p <= text.length; p++)
        expectStreams([text.slice(0, p), text.slice(p)], expected, secret, `split ${p}`);
    });

    it(`${name}: three deltas at every pair of split points in and around it`, () => {
      for (let p = start - 2; p <= end + 2; p++)
        for (let q = p; q <= end + 2; q++)
          expectStreams(
            [text.slice(0, p), text.slice(p, q), text.slice(q)],
            expected,
            secret,
            `split ${p}, ${q}`,
          );
    });

    it(`${name}: one character per delta, and random delta sizes`, () => {
      expectStreams([...text], expected, secret, 'per character');
      let seed = 7;
      for (let run = 0; run < 20; run++) {
        const deltas: string[] = [];
        for (let at = 0; at < text.length; ) {
          seed = (seed * 1103515245 + 12345) % 2147483648;
          const size = 1 + (seed % 9);
          deltas.push(text.slice(at, at + size));
          at += size;
        }
        expectStreams(deltas, expected, secret, `random run ${run}`);
      }
    });
  }
});

describe('StreamRedactor: the harness can fail', () => {
  it('with a hold-back shorter than the entity, some split does emit part of it', () => {
    const text = BEFORE + ENTITIES.email + AFTER;
    const expected = redactSpans(text, detectPii(text));
    let leaks = 0;
    for (let p = BEFORE.length; p < BEFORE.length + ENTITIES.email.length; p++)
      if (stream([text.slice(0, p), text.slice(p)], expected, { holdBack: 4 }).leaked) leaks++;
    expect(leaks).toBeGreaterThan(0);
  });
});

describe('StreamRedactor: text without findings', () => {
  const benign =
    (BEFORE + AFTER).repeat(3) +
    ' Lone \ud800 surrogates \udc00 stay, emoji 😀 too, and [brackets] and [EMAIL_1]-like text as well.';

  it('comes out byte-identical however it is split', () => {
    expect(detectPii(benign)).toEqual([]);
    for (let p = 0; p <= benign.length; p += 7) {
      for (const q of [p, p + 1, p + 50, p + 300]) {
        const { out } = stream([benign.slice(0, p), benign.slice(p, q), benign.slice(q)], benign);
        expect(out).toBe(benign);
      }
    }
    expect(stream([...benign], benign).out).toBe(benign);
  });

  it('holds back at most holdBack characters, and starts emitting once past it', () => {
    for (const holdBack of [0, 1, 16, 256]) {
      const redactor = new StreamRedactor({ checks: [(text) => detectPii(text)], holdBack });
      let out = '';
      for (const ch of benign) {
        out += redactor.push(ch).text;
        expect(redactor.pending).toBeLessThanOrEqual(holdBack);
      }
      expect(benign.length - out.length).toBe(Math.min(holdBack, benign.length));
      expect(out + redactor.flush().text).toBe(benign);
    }
  });
});

describe('StreamRedactor: entities longer than the hold-back', () => {
  const body = Array.from(
    { length: 30 },
    (_, i) => `MIIEow${String(i).padStart(2, '0')}${'Ab3+'.repeat(14)}`,
  ).join('\n');
  const pem = `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`;
  const text = `${BEFORE}${pem}${AFTER}`;

  it('a private key block is held from its header until it ends, then replaced whole', () => {
    expect(pem.length).toBeGreaterThan(256);
    expect(pem.length).toBeLessThan(4 * 256 * 3);
    const expected = redactSpans(text, detectPii(text));
    for (const size of [1, 5, 64]) {
      const deltas: string[] = [];
      for (let at = 0; at < text.length; at += size) deltas.push(text.slice(at, at + size));
      const { out, leaked, redactor } = stream(deltas, expected, { maxOpenHold: 4096 });
      expect(leaked).toBe(false);
      expect(out).toBe(expected);
      expect(redactor.lateSpans).toBe(0);
    }
  });

  it('past maxOpenHold the placeholder goes out and the rest of the block is dropped as it arrives', () => {
    const vault = new PiiVault();
    const redactor = new StreamRedactor({ checks: [(t) => detectPii(t)], maxOpenHold: 512, vault });
    let out = '';
    for (let at = 0; at < text.length; at += 4) {
      out += redactor.push(text.slice(at, at + 4)).text;
      expect(redactor.pending).toBeLessThanOrEqual(512);
    }
    out += redactor.flush().text;
    expect(out).toBe(`${BEFORE}[SECRET_1]${AFTER}`);
    expect(out).not.toContain('MIIE');
    expect(redactor.lateSpans).toBe(0);
    // The placeholder stands for the part seen when it was cut.
    expect(pem.startsWith(vault.lookup('[SECRET_1]') ?? 'x')).toBe(true);
  });
});
