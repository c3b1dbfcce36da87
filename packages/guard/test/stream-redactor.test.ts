import { describe, expect, it } from 'vitest';
import { detectPii } from '../src/pii/detect-pii.js';
import { piiCheck } from '../src/pii/pii-check.js';
import { PiiVault } from '../src/pii/pii-vault.js';
import type { GuardCheck } from '../src/policy/guard-check.js';
import { StreamRedactor } from '../src/stream/stream-redactor.js';

const PAD = 'x'.repeat(40);

/** A check that blocks (or asks) when it sees `word`. */
function stopOn(word: string, action: 'block' | 'ask', async = false): GuardCheck {
  return {
    name: `stop-${word}`,
    stages: ['output'],
    check(text, context) {
      const at = text.indexOf(word);
      const decision =
        at === -1
          ? undefined
          : {
              check: `stop-${word}`,
              stage: context.stage,
              action,
              reason: 'stop word',
              spans: [{ start: at, end: at + word.length, label: 'stop' }],
            };
      return async ? Promise.resolve(decision) : decision;
    },
  };
}

describe('StreamRedactor', () => {
  it('runs GuardChecks, reports decisions with stream offsets once, and replaces with [REDACTED:label]', () => {
    const redactor = new StreamRedactor({ checks: [piiCheck()], holdBack: 32 });
    const text = `${PAD}mail jane@gmail.com now ${PAD}${PAD}`;
    const decisions = [];
    let out = '';
    for (let at = 0; at < text.length; at += 3) {
      const chunk = redactor.push(text.slice(at, at + 3));
      out += chunk.text;
      decisions.push(...chunk.decisions);
    }
    const last = redactor.flush();
    out += last.text;
    decisions.push(...last.decisions);
    expect(out).toBe(`${PAD}mail [REDACTED:email] now ${PAD}${PAD}`);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ check: 'pii', stage: 'output', action: 'redact' });
    expect(decisions[0].spans).toEqual([{ start: PAD.length + 5, end: PAD.length + 19, label: 'email' }]);
  });

  it('uses a vault: placeholders match batch redaction and can be restored', () => {
    const text = `${PAD}a jane@gmail.com b bob@web.de c jane@gmail.com ${PAD}`;
    const vault = new PiiVault();
    const redactor = new StreamRedactor({ checks: [(t) => detectPii(t)], vault, holdBack: 64 });
    let out = '';
    for (const ch of text) out += redactor.push(ch).text;
    out += redactor.flush().text;
    expect(out).toBe(new PiiVault().redact(text, detectPii(text)));
    expect(vault.restore(out)).toBe(text);
  });

  it('stops on block: nothing of the blocked text goes out, later deltas are dropped', () => {
    const redactor = new StreamRedactor({ checks: [stopOn('FORBIDDEN', 'block')], holdBack: 16 });
    const text = `${PAD}${PAD}then FORBIDDEN words and more`;
    let out = '';
    let stopped = false;
    const decisions = [];
    for (const ch of text) {
      const chunk = redactor.push(ch);
      out += chunk.text;
      decisions.push(...chunk.decisions);
      stopped ||= chunk.stopped;
    }
    expect(stopped).toBe(true);
    expect(redactor.stopped).toBe(true);
    expect(out).not.toContain('F');
    expect(text.startsWith(out)).toBe(true);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      action: 'block',
      spans: [{ start: 2 * PAD.length + 5, label: 'stop' }],
    });
    expect(redactor.push('more')).toEqual({ text: '', decisions: [], stopped: true });
    expect(redactor.flush()).toEqual({ text: '', decisions: [], stopped: true });
  });

  it('treats ask like block (nobody can be asked mid-sentence)', () => {
    const redactor = new StreamRedactor({ checks: [stopOn('hmm', 'ask')], holdBack: 8 });
    expect(redactor.push(`${PAD}hmm`).stopped).toBe(true);
  });

  it('skips checks that do not run at its stage', () => {
    const redactor = new StreamRedactor({ checks: [stopOn('x', 'block')], holdBack: 0, stage: 'input' });
    expect(redactor.push('xxx')).toEqual({ text: 'xxx', decisions: [], stopped: false });
  });

  it('needs pushAsync for asynchronous checks', async () => {
    const sync = new StreamRedactor({ checks: [stopOn('STOP', 'block', true)], holdBack: 0 });
    expect(() => sync.push('hello')).toThrow(/asynchronous/);
    const redactor = new StreamRedactor({ checks: [stopOn('STOP', 'block', true), piiCheck()], holdBack: 8 });
    let out = '';
    for (const piece of ['mail jane@', 'gmail.com ok ', PAD, ' STOP here'])
      out += (await redactor.pushAsync(piece)).text;
    expect(out).toBe(`mail [REDACTED:email] ok ${PAD.slice(0, -8)}`); // all but the last 8 held back
    expect(redactor.stopped).toBe(true);
    expect((await redactor.flushAsync()).stopped).toBe(true);
  });

  it('an entity found only after its start went out is counted late and its rest replaced once', () => {
    // A detector that needs 50 characters to recognise a run of X, with only 8 held back.
    const runs = (text: string) =>
      [...text.matchAll(/X{50,}/g)].map((m) => ({
        start: m.index,
        end: m.index + m[0].length,
        label: 'run',
      }));
    const redactor = new StreamRedactor({ checks: [runs], holdBack: 8, context: 200 });
    let out = '';
    for (const ch of `ab${'X'.repeat(120)}cd${PAD}`) out += redactor.push(ch).text;
    out += redactor.flush().text;
    expect(redactor.lateSpans).toBe(1);
    expect(out).toBe(`ab${'X'.repeat(41)}[REDACTED:run]cd${PAD}`); // 41 went out before the 50th arrived
  });

  it('refuses pushes after flush', () => {
    const redactor = new StreamRedactor({ checks: [] });
    expect(redactor.flush()).toEqual({ text: '', decisions: [], stopped: false });
    expect(() => redactor.push('x')).toThrow(/after flush/);
  });

  it('uses a custom replacement', () => {
    const redactor = new StreamRedactor({
      checks: [(t) => detectPii(t)],
      replace: (span) => `<${span.label}>`,
    });
    expect(redactor.push('card 4111 1111 1111 1111').text + redactor.flush().text).toBe('card <card-number>');
  });

  it('keeps a long stream cheap: the window, not the whole output, is scanned', () => {
    const redactor = new StreamRedactor({ checks: [(t) => detectPii(t)] });
    const sentence = 'The model keeps writing ordinary text about cooking pasta and tomatoes. ';
    const started = performance.now();
    let length = 0;
    for (let i = 0; i < 4000; i++)
      length += redactor.push(sentence.slice((i * 4) % 60, ((i * 4) % 60) + 4)).text.length;
    length += redactor.flush().text.length;
    expect(length).toBe(16000);
    // 4000 deltas over a ~512-character window: well under a few seconds even on a slow machine.
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
