import { describe, expect, it } from 'vitest';
import { detectPhones } from '../src/pii/phone.js';

const found = (text: string, countries?: string[]) =>
  detectPhones(text, { countries }).map((s) => text.slice(s.start, s.end));

describe('detectPhones', () => {
  it('finds valid international numbers in any grouping', () => {
    expect(found('Call +44 20 7946 0123 now')).toEqual(['+44 20 7946 0123']);
    expect(found('+1 (415) 555-0142, +33 1 99 00 12 34, +61 491 570 156')).toEqual([
      '+1 (415) 555-0142',
      '+33 1 99 00 12 34',
      '+61 491 570 156',
    ]);
    expect(found('or 0044 20 7946 0456')).toEqual(['0044 20 7946 0456']);
  });

  it('finds national numbers written the way their country writes them', () => {
    expect(found('Office (201) 555-0123.')).toEqual(['(201) 555-0123']);
    expect(found('ring 020 7946 0958')).toEqual(['020 7946 0958']);
    expect(found('à joindre au 01 99 00 12 34')).toEqual(['01 99 00 12 34']);
    expect(found('Nummer 030 23125456')).toEqual(['030 23125456']);
  });

  it('finds unformatted national numbers only when labelled', () => {
    expect(found('phone: 2015550123')).toEqual(['2015550123']);
    expect(found('reference 2015550123')).toEqual([]);
  });

  it('rejects invalid numbers and look-alikes', () => {
    expect(found('+1 123 456 7890')).toEqual([]); // no US area code starts with 1
    expect(found('+999 1234 5678')).toEqual([]); // no such calling code
    for (const text of [
      'Order #4829105732 shipped',
      'ISBN 978-0-306-40615-7',
      'on 2024-03-15 at 10:32:07',
      'from 1999-2005',
      'costs $1,299.99 or 1.299.000 €',
      'version 10.0.19045.3693',
      'server 192.168.1.20',
      'SSN 536-22-1940',
      'card 4111 1111 1111 1111',
      'pi is 3.14159265',
      'Call 911 or 112',
    ])
      expect(found(text), text).toEqual([]);
  });

  it('recognises only the configured national formats', () => {
    expect(found('tel 020 7946 0958', ['US'])).toEqual([]);
    expect(found('tel 020 7946 0958', ['GB'])).toEqual(['020 7946 0958']);
  });
});
