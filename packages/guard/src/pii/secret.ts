import type { GuardSpan } from '../policy/guard-check.js';
import { regexSpans } from './regex-spans.js';

/** Shannon entropy of `value` in bits per character. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

function charClasses(value: string): number {
  return (
    Number(/[a-z]/.test(value)) +
    Number(/[A-Z]/.test(value)) +
    Number(/\d/.test(value)) +
    Number(/[^A-Za-z0-9]/.test(value))
  );
}

// Values that name a secret rather than contain one: variables, templates, placeholders, types.
const REFERENCE =
  /^(?:[$%@&*<{([]|process\.env|os\.environ|getenv|env\.|secrets\.|vault:|none$|null$|undefined$|true$|false$)/i;
const MEMBER_EXPRESSION = /^[A-Za-z_$][\w$]{0,63}(?:\.[A-Za-z_$][\w$]{0,63}){1,8}(?:\(\))?$/;
const PLACEHOLDER =
  /^(?:x+|\*+|\.+|-+|_+|#+|your[\w-]*|changeme|password\d*|secret|example[\w-]*|placeholder|redacted|dummy|test(?:ing)?|required|optional|string|hidden)$/i;

/**
 * Whether an assigned value is a real secret. Passwords only need to look like one (two character classes, not a
 * word like "required"); keys and tokens must look random (three classes, or long and high-entropy with digits).
 */
export function secretValue(value: string, kind: 'password' | 'token'): boolean {
  if (REFERENCE.test(value) || MEMBER_EXPRESSION.test(value) || PLACEHOLDER.test(value)) return false;
  // Templates and calls (`${PW}`, `{{ pw }}`, `input()`) compute the secret elsewhere.
  if (value.includes('${') || value.includes('{{') || value.includes('(')) return false;
  const classes = charClasses(value);
  const bits = entropy(value);
  if (kind === 'password') return value.length >= 6 && classes >= 2 && bits >= 2;
  return (
    value.length >= 12 &&
    ((classes >= 3 && bits >= 3) || (value.length >= 20 && bits >= 3.5 && /\d/.test(value)))
  );
}

// `password = "…"`, `"api_key": "…"`, `DB_PASSWORD=…`, `client_secret: …`, `my password is …`. The key may end a
// longer name; the value is captured (indices) so only it is redacted and the key stays readable.
const ASSIGNMENT =
  /(passwd|password|passphrase|pwd|secret[_-]?key|client[_-]?secret|secret|api[_-]?key|apikey|access[_-]?key|auth[_-]?token|access[_-]?token|refresh[_-]?token|private[_-]?key|token)["']?[ \t]{0,4}(?:=>|:=|[:=]|[ \t]is[ \t])[ \t]{0,4}["'`]?([^\s"'`,;]{1,256})/dgi;

// `scheme://user:password@host`.
const URL_CREDENTIALS = /\b[A-Za-z][A-Za-z0-9+.-]{1,20}:\/\/[^\s:@/?#]{1,64}:([^\s:@/?#]{1,128})@/dg;

// `Authorization: Bearer …` / `Basic …` headers.
const AUTH_HEADER = /\b(?:Bearer|Basic)[ \t]{1,4}([A-Za-z0-9._~+/-]{16,2048}=*)/dg;

const PEM_BEGIN = /-----BEGIN ((?:[A-Z0-9]{1,20} ){0,4})PRIVATE KEY( BLOCK)?-----/g;

/** PEM private key blocks; a block whose END line has not arrived (yet) runs to the end of the text. */
function detectPrivateKeys(text: string): GuardSpan[] {
  const spans: GuardSpan[] = [];
  PEM_BEGIN.lastIndex = 0;
  for (let match = PEM_BEGIN.exec(text); match !== null; match = PEM_BEGIN.exec(text)) {
    const endLine = `-----END ${match[1]}PRIVATE KEY${match[2] ?? ''}-----`;
    const endAt = text.indexOf(endLine, PEM_BEGIN.lastIndex);
    // Without an END line the rest of the text is the key, and nothing after it needs searching (keeps it linear).
    const end = endAt === -1 ? text.length : endAt + endLine.length;
    spans.push({ start: match.index, end, label: 'secret' });
    PEM_BEGIN.lastIndex = end;
  }
  return spans;
}

/**
 * Secrets without a fixed shape: PEM private keys, values assigned to password/secret/key/token names (with
 * entropy and placeholder checks), passwords in URLs, and bearer/basic credentials in authorization headers.
 */
export function detectSecrets(text: string): GuardSpan[] {
  const captured = (group: number, test: (value: string, match: RegExpExecArray) => boolean) => {
    return (match: RegExpExecArray): false | readonly [number, number] => {
      const indices = match.indices?.[group];
      return indices !== undefined && test(match[group], match) ? indices : false;
    };
  };
  return [
    ...detectPrivateKeys(text),
    ...regexSpans(
      text,
      ASSIGNMENT,
      'secret',
      captured(2, (value, m) =>
        secretValue(value, /^(?:passw|passphrase|pwd)/i.test(m[1]) ? 'password' : 'token'),
      ),
    ),
    ...regexSpans(
      text,
      URL_CREDENTIALS,
      'secret',
      captured(1, (value) => !PLACEHOLDER.test(value) && !/^(?:pass|pw|pwd)$/i.test(value)),
    ),
    ...regexSpans(
      text,
      AUTH_HEADER,
      'secret',
      captured(1, (value) => secretValue(value, 'token')),
    ),
  ];
}
