import { describe, expect, it } from 'vitest';
import { codiceFiscaleControl } from '../src/pii/national-id/it-codice-fiscale.js';
import { bsnValid } from '../src/pii/national-id/nl-bsn.js';
import { ssnValid } from '../src/pii/national-id/us-ssn.js';
import { detectNationalIds } from '../src/pii/national-id.js';

const found = (text: string) => detectNationalIds(text).map((s) => text.slice(s.start, s.end));

describe('detectNationalIds', () => {
  it('US SSN: dashed alone, spaced or bare only when labelled, issued ranges only', () => {
    expect(found('ref 536-22-1940.')).toEqual(['536-22-1940']);
    expect(found('SSN 536 22 1940')).toEqual(['536 22 1940']);
    expect(found('my ssn is 536221940')).toEqual(['536221940']);
    expect(found('536 22 1940 and 536221940')).toEqual([]);
    for (const bad of [
      '000-12-3456',
      '666-12-3456',
      '900-12-3456',
      '123-00-4567',
      '123-45-0000',
      '078-05-1120',
    ])
      expect(ssnValid(bad.replaceAll('-', '')), bad).toBe(false);
    expect(found('SSN 666-12-3456')).toEqual([]);
  });

  it('UK NINO: allocated prefixes and suffixes', () => {
    expect(found('NI number AB 12 34 56 C')).toEqual(['AB 12 34 56 C']);
    expect(found('nino: JG103759A')).toEqual(['JG103759A']);
    for (const bad of ['BG 12 34 56 A', 'DA 12 34 56 A', 'AO 12 34 56 A', 'AB 12 34 56 E', 'ab123456c'])
      expect(found(bad), bad).toEqual([]);
  });

  it('Spanish DNI and NIE: control letter must match', () => {
    expect(found('DNI 12345678Z, NIE X1234567L, y-2345678-z')).toEqual([
      '12345678Z',
      'X1234567L',
      'y-2345678-z',
    ]);
    expect(found('DNI 12345678A, NIE X1234567A')).toEqual([]);
  });

  it('French NIR: month and key must be valid', () => {
    expect(found('NIR 1 84 12 76 451 089 46')).toEqual(['1 84 12 76 451 089 46']);
    expect(found('NIR 184127645108946')).toEqual(['184127645108946']);
    expect(found('NIR 1 84 12 76 451 089 47')).toEqual([]);
    expect(found('NIR 1 84 13 76 451 089 46')).toEqual([]); // month 13
  });

  it('Italian codice fiscale: format and control letter, omocodia allowed', () => {
    expect(found('CF RSSMRA85T10A562S.')).toEqual(['RSSMRA85T10A562S']);
    expect(found('cf rssmra85t10a562s')).toEqual(['rssmra85t10a562s']);
    expect(codiceFiscaleControl('RSSMRA85T10A562')).toBe('S');
    expect(found('CF RSSMRA85T10A562T')).toEqual([]);
    const omocode = 'RSSMRA85T10A56NS'.slice(0, 15);
    expect(found(`CF ${omocode}${codiceFiscaleControl(omocode)}`)).toHaveLength(1);
  });

  it('Dutch BSN: 11-check and a label', () => {
    expect(bsnValid('111222333')).toBe(true);
    expect(bsnValid('111222334')).toBe(false);
    expect(found('BSN: 1112.22.333 and burgerservicenummer 123456782.')).toEqual([
      '1112.22.333',
      '123456782',
    ]);
    expect(found('order 123456782')).toEqual([]);
    expect(found('BSN 123456783')).toEqual([]);
  });

  it('Indian Aadhaar: Verhoeff, grouped alone or bare when labelled', () => {
    expect(found('id 2345 6789 0124')).toEqual(['2345 6789 0124']);
    expect(found('Aadhaar: 234567890124')).toEqual(['234567890124']);
    expect(found('id 234567890124')).toEqual([]);
    expect(found('id 2345 6789 0125')).toEqual([]);
    expect(found('id 1345 6789 0124')).toEqual([]);
  });
});
