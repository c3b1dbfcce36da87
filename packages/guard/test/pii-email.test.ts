import { describe, expect, it } from 'vitest';
import { detectEmails } from '../src/pii/email.js';

const found = (text: string, includeReserved = false) =>
  detectEmails(text, { includeReserved }).map((s) => text.slice(s.start, s.end));

describe('detectEmails', () => {
  it('finds addresses in prose, headers, JSON and with tags', () => {
    expect(found('Write to jane.doe@gmail.com.')).toEqual(['jane.doe@gmail.com']);
    expect(found('From: Lena <lena_berger42@acme-logistik.de>')).toEqual(['lena_berger42@acme-logistik.de']);
    expect(found('{"email":"o.hughes+invoices@mail.northwind.co.uk"}')).toEqual([
      'o.hughes+invoices@mail.northwind.co.uk',
    ]);
    expect(found('a@b.io, c.d@e.fr; x@y.de')).toEqual(['a@b.io', 'c.d@e.fr', 'x@y.de']);
    expect(found('chloé@exemple-société.fr')).toEqual(['chloé@exemple-société.fr']);
  });

  it('gives UTF-16 offsets of the address only', () => {
    const text = '😀 mail: sven@proton.me!';
    const [span] = detectEmails(text);
    expect(span).toEqual({ start: text.indexOf('sven'), end: text.indexOf('!'), label: 'email' });
  });

  it('rejects what only looks like an address', () => {
    expect(found('react@18.2.0 and lodash@4.17.21')).toEqual([]);
    expect(found('@Component() and @user mentions')).toEqual([]);
    expect(found('user@localhost, user@host')).toEqual([]);
    expect(found('git@github.com:pocketlm/pocketlm.git')).toEqual([]);
    expect(found('a..b@gmail.com')).toEqual([]);
    expect(found(`${'a'.repeat(70)}@gmail.com`)).toEqual([]);
  });

  it('skips documentation domains unless asked', () => {
    const text = 'user@example.com, a@docs.example.org, b@site.test, c@foo.example';
    expect(found(text)).toEqual([]);
    expect(found(text, true)).toHaveLength(4);
  });
});
