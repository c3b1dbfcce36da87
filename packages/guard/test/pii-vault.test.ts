import { describe, expect, it } from 'vitest';
import { detectPii } from '../src/pii/detect-pii.js';
import { PiiVault } from '../src/pii/pii-vault.js';

const TEXT =
  'Jane (jane@gmail.com, +44 20 7946 0123) wrote to bob@web.de; cc jane@gmail.com. IBAN GB82WEST12345698765432.';

describe('PiiVault', () => {
  it('redacts with stable numbered placeholders and restores the originals', () => {
    const vault = new PiiVault();
    const redacted = vault.redact(TEXT, detectPii(TEXT));
    expect(redacted).toBe('Jane ([EMAIL_1], [PHONE_1]) wrote to [EMAIL_2]; cc [EMAIL_1]. IBAN [IBAN_1].');
    expect(vault.size).toBe(4);
    expect(vault.restore(redacted)).toBe(TEXT);
    expect(vault.lookup('[EMAIL_2]')).toBe('bob@web.de');
  });

  it('keeps placeholders across calls, and restores them in any order in the model output', () => {
    const vault = new PiiVault();
    vault.redact(TEXT, detectPii(TEXT));
    const next = 'Reply to bob@web.de and carol@proton.me';
    expect(vault.redact(next, detectPii(next))).toBe('Reply to [EMAIL_2] and [EMAIL_3]');
    expect(vault.restore('Sure: [EMAIL_3], then [EMAIL_1]. [PHONE_1]!')).toBe(
      'Sure: carol@proton.me, then jane@gmail.com. +44 20 7946 0123!',
    );
  });

  it('leaves unknown placeholders and other brackets alone, and skips placeholders already in the text', () => {
    const vault = new PiiVault();
    const text = 'literal [EMAIL_1] and real jane@gmail.com';
    const redacted = vault.redact(text, detectPii(text));
    expect(redacted).toBe('literal [EMAIL_1] and real [EMAIL_2]');
    expect(vault.restore(redacted)).toBe(text);
    expect(vault.restore('[EMAIL_9] [NOTE] [email_2] [EMAIL_2')).toBe('[EMAIL_9] [NOTE] [email_2] [EMAIL_2');
  });

  it('makes placeholder names from any label', () => {
    const vault = new PiiVault();
    expect(vault.placeholderFor('card-number', '4111111111111111')).toBe('[CARD_NUMBER_1]');
    expect(vault.placeholderFor('9lives', 'x')).toBe('[PII_9LIVES_1]');
    vault.clear();
    expect(vault.size).toBe(0);
    expect(vault.restore('[CARD_NUMBER_1]')).toBe('[CARD_NUMBER_1]');
  });
});

describe('PlaceholderRestorer', () => {
  const vault = new PiiVault();
  vault.redact(TEXT, detectPii(TEXT));
  const output = 'Done: wrote [EMAIL_1] and [EMAIL_2], called [PHONE_1], paid [IBAN_1] [NOTE] [EMAIL_9] [';

  it('restores placeholders split across deltas at every split point', () => {
    const expected = vault.restore(output);
    for (let a = 0; a <= output.length; a++) {
      for (let b = a; b <= output.length; b += 3) {
        const restorer = vault.restorer();
        const got =
          restorer.push(output.slice(0, a)) +
          restorer.push(output.slice(a, b)) +
          restorer.push(output.slice(b)) +
          restorer.flush();
        expect(got, `split at ${a}, ${b}`).toBe(expected);
      }
    }
  });

  it('restores a stream of one-character deltas, never emitting part of a placeholder', () => {
    const restorer = vault.restorer();
    let got = '';
    for (const ch of output) {
      const piece = restorer.push(ch);
      expect(piece).not.toMatch(
        /\[(?:E|EM|EMA|EMAI|EMAIL|EMAIL_|P|PH|PHO|PHON|PHONE|PHONE_|I|IB|IBA|IBAN|IBAN_)$/,
      );
      got += piece;
    }
    expect(got + restorer.flush()).toBe(vault.restore(output));
  });

  it('holds back no more than one placeholder', () => {
    const restorer = vault.restorer();
    expect(restorer.push('abc [EMA')).toBe('abc ');
    expect(restorer.push('IL_1] x')).toBe('jane@gmail.com x');
    expect(restorer.push('[NOT')).toBe('[NOT');
    expect(restorer.flush()).toBe('');
  });
});
