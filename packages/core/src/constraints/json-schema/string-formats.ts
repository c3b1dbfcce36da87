import { DIGIT, setOf } from './code-point-set.js';
import { alt, chars, literal, type RegexNode, repeat, seq } from './regex-ast.js';

// Value-level regexes for the `format`s we can generate. Each admits only strings that the strict ("full") checks
// of ajv-formats accept; some valid strings are left out where that keeps the regex small (noted per format).

const d = chars(DIGIT);
const oneOf = (chs: string) => chars(setOf(...chs));
const lits = (...texts: string[]) => alt(...texts.map(literal));

const day28 = alt(
  seq(literal('0'), oneOf('123456789')),
  seq(literal('1'), d),
  seq(literal('2'), oneOf('012345678')),
);
const day30 = alt(seq(literal('0'), oneOf('123456789')), seq(oneOf('12'), d), literal('30'));
const day31 = alt(seq(literal('0'), oneOf('123456789')), seq(oneOf('12'), d), seq(literal('3'), oneOf('01')));
// Years divisible by 4 and not by 100, or by 400 (0000 is left out).
const leapEnding = alt(
  seq(literal('0'), oneOf('48')),
  seq(oneOf('2468'), oneOf('048')),
  seq(oneOf('13579'), oneOf('26')),
);
const leapYear = alt(seq(d, d, leapEnding), seq(leapEnding, literal('00')));

/** RFC 3339 full-date with real calendar days (29 February only in leap years). */
const DATE = alt(
  seq(
    repeat(d, 4, 4),
    literal('-'),
    alt(
      seq(lits('01', '03', '05', '07', '08', '10', '12'), literal('-'), day31),
      seq(lits('04', '06', '09', '11'), literal('-'), day30),
      seq(literal('02-'), day28),
    ),
  ),
  seq(leapYear, literal('-02-29')),
);

const hour = alt(seq(oneOf('01'), d), seq(literal('2'), oneOf('0123')));
const minute = seq(oneOf('012345'), d);
/** RFC 3339 full-time: seconds 00–59 (no leap second), optional fraction, and a required `Z` or `±hh:mm` offset. */
const TIME = seq(
  hour,
  literal(':'),
  minute,
  literal(':'),
  minute,
  repeat(seq(literal('.'), repeat(d, 1, null)), 0, 1),
  alt(literal('Z'), seq(oneOf('+-'), hour, literal(':'), minute)),
);

const alnum = chars(setOf(['0'.charCodeAt(0), '9'.charCodeAt(0)], [0x41, 0x5a], [0x61, 0x7a]));
const label = seq(alnum, repeat(seq(repeat(alt(alnum, literal('-')), 0, 61), alnum), 0, 1));
const localAtom = repeat(alt(alnum, oneOf('_+-')), 1, null);
/** A plain address: dot-separated atoms of letters, digits, `_+-`, then a domain of at least two labels. */
const EMAIL = seq(
  localAtom,
  repeat(seq(literal('.'), localAtom), 0, null),
  literal('@'),
  label,
  repeat(seq(literal('.'), label), 1, null),
);

const hex = chars(setOf(['0'.charCodeAt(0), '9'.charCodeAt(0)], [0x41, 0x46], [0x61, 0x66]));
const hexes = (n: number) => repeat(hex, n, n);
const UUID = seq(
  hexes(8),
  literal('-'),
  hexes(4),
  literal('-'),
  hexes(4),
  literal('-'),
  hexes(4),
  literal('-'),
  hexes(12),
);

const octet = alt(
  seq(literal('25'), oneOf('012345')),
  seq(literal('2'), oneOf('01234'), d),
  seq(literal('1'), d, d),
  seq(oneOf('123456789'), d),
  d,
);
const IPV4 = seq(octet, repeat(seq(literal('.'), octet), 3, 3));

// http(s) URLs with a lower-case host and a path of unreserved characters: a small part of RFC 3986, but what
// tools asking for a `uri` (zod's `z.url()`) want.
// Labels start with a letter: WHATWG URL parsing reads a host whose last label is a number as IPv4.
const lower = chars(setOf(['a'.charCodeAt(0), 'z'.charCodeAt(0)]));
const hostLabel = seq(
  lower,
  repeat(chars(setOf(['a'.charCodeAt(0), 'z'.charCodeAt(0)], ['0'.charCodeAt(0), '9'.charCodeAt(0)])), 0, 23),
);
const pathChar = chars(
  setOf(
    ['a'.charCodeAt(0), 'z'.charCodeAt(0)],
    ['A'.charCodeAt(0), 'Z'.charCodeAt(0)],
    ['0'.charCodeAt(0), '9'.charCodeAt(0)],
    '-._~',
  ),
);
const URI = seq(
  lits('http', 'https'),
  literal('://'),
  hostLabel,
  repeat(seq(literal('.'), hostLabel), 0, 4),
  repeat(seq(literal('/'), repeat(pathChar, 0, 32)), 0, 8),
);

/** The formats `format` may name, as value-level regexes. */
export const STRING_FORMATS: Readonly<Record<string, RegexNode>> = {
  date: DATE,
  time: TIME,
  'date-time': seq(DATE, literal('T'), TIME),
  email: EMAIL,
  uuid: UUID,
  ipv4: IPV4,
  uri: URI,
};
