import { describe, expect, it } from 'vitest';
import { cardNetwork, detectCardNumbers } from '../src/pii/card-number.js';
import { luhnValid, mod97, verhoeffValid } from '../src/pii/checksums.js';
import { detectIbans, ibanValid } from '../src/pii/iban.js';

const cards = (text: string) => detectCardNumbers(text).map((s) => text.slice(s.start, s.end));
const ibans = (text: string) => detectIbans(text).map((s) => text.slice(s.start, s.end));

describe('checksums', () => {
  it('Luhn, mod 97 and Verhoeff accept valid and reject altered numbers', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('')).toBe(false);
    expect(mod97('370400440532013000DE89')).toBe(1);
    expect(verhoeffValid('2363')).toBe(true);
    expect(verhoeffValid('2364')).toBe(false);
  });
});

describe('detectCardNumbers', () => {
  it('finds Luhn-valid numbers of known networks in the usual groupings', () => {
    expect(cards('Visa 4111 1111 1111 1111 exp 12/27')).toEqual(['4111 1111 1111 1111']);
    expect(cards('mc 5555-5555-5555-4444')).toEqual(['5555-5555-5555-4444']);
    expect(cards('amex 3782 822463 10005')).toEqual(['3782 822463 10005']);
    expect(cards('diners 3056 930902 5904')).toEqual(['3056 930902 5904']);
    expect(cards('plain 6011111111111117.')).toEqual(['6011111111111117']);
    expect(cards('2 cards: 4012888888881881 5105105105105100')).toEqual([
      '4012888888881881',
      '5105105105105100',
    ]);
  });

  it('rejects Luhn failures, unknown prefixes, bad groupings and digits inside words', () => {
    expect(cards('4111 1111 1111 1112')).toEqual([]);
    expect(cards('9111 1111 1111 1116')).toEqual([]); // Luhn-valid, no network starts with 9
    expect(cardNetwork('9111111111111116')).toBeUndefined();
    expect(cards('41 1111 1111 1111 11')).toEqual([]);
    expect(cards('4111 1111-1111 1111')).toEqual([]); // mixed separators
    expect(cards('a4111111111111111b')).toEqual([]);
    expect(cards('3.4111111111111111')).toEqual([]);
    expect(cards('41111111111111110000')).toEqual([]); // 20 digits
  });
});

describe('detectIbans', () => {
  it('finds electronic and printed IBANs with a valid length and checksum', () => {
    expect(ibans('IBAN DE89 3704 0044 0532 0130 00, thanks')).toEqual(['DE89 3704 0044 0532 0130 00']);
    expect(ibans('GB82WEST12345698765432')).toEqual(['GB82WEST12345698765432']);
    expect(ibans('rib: fr14 2004 1010 0505 0001 3m02 606.')).toEqual(['fr14 2004 1010 0505 0001 3m02 606']);
    expect(ibanValid('NL91ABNA0417164300')).toBe(true);
  });

  it('rejects wrong checksums, lengths and unknown countries', () => {
    expect(ibans('DE89 3704 0044 0532 0130 01')).toEqual([]);
    expect(ibans('DE89 3704 0044 0532 0130 0')).toEqual([]);
    expect(ibans('DE89 3704 0044 0532 0130 000')).toEqual([]);
    expect(ibans('XX89370400440532013000')).toEqual([]);
    expect(ibans('ADE89370400440532013000')).toEqual([]);
  });
});
