import { describe, expect, it } from 'vitest';
import { detectPii } from '../src/pii/detect-pii.js';
import { mergeSpans } from '../src/pii/merge-spans.js';
import { piiCheck } from '../src/pii/pii-check.js';
import { redactSpans } from '../src/pii/redact-spans.js';

describe('mergeSpans', () => {
  it('sorts, merges overlaps, keeps touching spans apart and labels by the longest part', () => {
    expect(
      mergeSpans([
        { start: 10, end: 20, label: 'b' },
        { start: 0, end: 5, label: 'a' },
        { start: 5, end: 8, label: 'c' },
        { start: 12, end: 30, label: 'd' },
        { start: 29, end: 31, label: 'e' },
        { start: 40, end: 40, label: 'empty' },
      ]),
    ).toEqual([
      { start: 0, end: 5, label: 'a' },
      { start: 5, end: 8, label: 'c' },
      { start: 10, end: 31, label: 'd' },
    ]);
  });
});

describe('detectPii', () => {
  it('prefers the checksum-backed label when two detectors claim the same text', () => {
    const text = 'SSN 536-22-1940';
    expect(detectPii(text)).toEqual([{ start: 4, end: 15, label: 'national-id' }]);
  });

  it('looks only for the kinds asked for', () => {
    const text = 'jane@gmail.com 4111 1111 1111 1111';
    expect(detectPii(text, { kinds: ['card-number'] }).map((s) => s.label)).toEqual(['card-number']);
  });
});

describe('piiCheck', () => {
  it('is named pii, runs at every stage by default and redacts by default', async () => {
    const check = piiCheck();
    expect(check.name).toBe('pii');
    expect(check.stages).toEqual(['input', 'output', 'tool-result', 'retrieved']);
    const text = 'Mail jane@gmail.com or bob@web.de, card 4111 1111 1111 1111.';
    const decision = await check.check(text, { stage: 'input' });
    expect(decision).toMatchObject({ check: 'pii', stage: 'input', action: 'redact', score: 1 });
    expect(decision?.reason).toBe('Personal data found: 2 email, 1 card-number.');
    expect(redactSpans(text, decision?.spans ?? [])).toBe(
      'Mail [REDACTED:email] or [REDACTED:email], card [REDACTED:card-number].',
    );
  });

  it('allows text without findings, and honours action, kinds and stages', async () => {
    expect(await piiCheck().check('nothing here, order #4829105732', { stage: 'output' })).toMatchObject({
      action: 'allow',
      spans: [],
    });
    const blocking = piiCheck({ action: 'block', kinds: ['api-key'], stages: ['output'] });
    expect(blocking.stages).toEqual(['output']);
    expect(await blocking.check('jane@gmail.com', { stage: 'output' })).toMatchObject({ action: 'allow' });
    expect(await blocking.check('key AKIA2OGYBAH6TKVQ3R7Z', { stage: 'output' })).toMatchObject({
      action: 'block',
      spans: [{ start: 4, end: 24, label: 'api-key' }],
    });
  });
});
