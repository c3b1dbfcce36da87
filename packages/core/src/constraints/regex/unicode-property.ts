import type { CodePointSet } from './code-point-set.js';

// Property sets are computed once per name: a scan costs tens of milliseconds.
const cache = new Map<string, CodePointSet | undefined>();

/**
 * The code points of `\p{name}`, or undefined when the name is not a property. Rather than ship Unicode
 * tables, this asks the JavaScript engine's own regex (every runtime we support has `\p` with the `u` flag):
 * one global match over a string of every scalar value finds the runs, so the set is exactly what the native
 * engine means.
 */
export function unicodePropertySet(name: string): CodePointSet | undefined {
  if (cache.has(name)) return cache.get(name);
  let re: RegExp | undefined;
  // Names are letters, digits, '_' and one '='; anything else could smuggle in other syntax.
  if (/^[A-Za-z0-9_]+(=[A-Za-z0-9_]+)?$/.test(name)) {
    try {
      re = new RegExp(`\\p{${name}}+`, 'gu');
    } catch {
      re = undefined;
    }
  }
  const set = re === undefined ? undefined : scan(re);
  cache.set(name, set);
  return set;
}

// UTF-16 index of a code point in allScalars(): BMP below the surrogates, BMP above them, then pairs.
const SURROGATES = 0x800;
function codePointAt(index: number): number {
  if (index < 0xd800) return index;
  if (index < 0x10000 - SURROGATES) return index + SURROGATES;
  return 0x10000 + ((index - (0x10000 - SURROGATES)) >> 1);
}

function scan(re: RegExp): CodePointSet {
  const text = allScalars();
  const out: number[] = [];
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push(codePointAt(m.index), codePointAt(m.index + m[0].length - 1));
  }
  return out;
}

// The 4 MB string is kept only while memory allows: a pattern with several properties scans it several times.
let scalarsRef: WeakRef<{ text: string }> | undefined;

function allScalars(): string {
  const cached = scalarsRef?.deref();
  if (cached !== undefined) return cached.text;
  const text = buildAllScalars();
  scalarsRef = new WeakRef({ text });
  return text;
}

function buildAllScalars(): string {
  const parts: string[] = [];
  const chunk: number[] = [];
  const flush = () => {
    parts.push(String.fromCodePoint(...chunk));
    chunk.length = 0;
  };
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp === 0xd800) cp = 0xe000;
    chunk.push(cp);
    if (chunk.length === 4096) flush();
  }
  flush();
  return parts.join('');
}
