import type { GrammarAutomaton } from '../src/constraints/grammar/index.js';
import { DEAD } from '../src/constraints/regex/byte-automaton.js';

/** Full JSON (RFC 8259), whitespace included: exactly what `JSON.parse` accepts. */
export const JSON_GBNF = String.raw`
# JSON, as JSON.parse reads it
root    ::= ws value ws
value   ::= object | array | string | number | "true" | "false" | "null"
object  ::= "{" ws ( member ( ws "," ws member )* ws )? "}"
member  ::= string ws ":" ws value
array   ::= "[" ws ( value ( ws "," ws value )* ws )? "]"
string  ::= "\"" char* "\""
char    ::= [^"\\\x00-\x1F] | "\\" ( ["\\/bfnrt] | "u" [0-9a-fA-F]{4} )
number  ::= "-"? ( "0" | [1-9] [0-9]* ) ( "." [0-9]+ )? ( [eE] [-+]? [0-9]+ )?
ws      ::= [ \t\n\r]*
`;

/** Arithmetic with precedence through nesting (no left recursion). */
export const ARITHMETIC_GBNF = `
root   ::= expr
expr   ::= term ( ws [-+] ws term )*
term   ::= factor ( ws [*/] ws factor )*
factor ::= number | "(" ws expr ws ")" | "-" factor
number ::= [0-9]+ ( "." [0-9]+ )?
ws     ::= " "?
`;

/** An independent check of {@link ARITHMETIC_GBNF}: a recursive-descent parser. */
export function isArithmetic(text: string): boolean {
  let i = 0;
  const ws = () => {
    if (text[i] === ' ') i++;
  };
  const number = (): boolean => {
    const m = /^[0-9]+(\.[0-9]+)?/.exec(text.slice(i));
    if (m === null) return false;
    i += m[0].length;
    return true;
  };
  const factor = (): boolean => {
    if (text[i] === '-') {
      i++;
      return factor();
    }
    if (text[i] !== '(') return number();
    i++;
    ws();
    if (!expr()) return false;
    ws();
    return text[i++] === ')';
  };
  const chain = (item: () => boolean, ops: string): boolean => {
    if (!item()) return false;
    for (;;) {
      const save = i;
      ws();
      if (i < text.length && ops.includes(text[i])) {
        i++;
        ws();
        if (!item()) return false;
      } else {
        i = save;
        return true;
      }
    }
  };
  const term = () => chain(factor, '*/');
  const expr = (): boolean => chain(term, '+-');
  return expr() && i === text.length;
}

const encoder = new TextEncoder();

/** The automaton's state after `text` (or after raw bytes). */
export function run(automaton: GrammarAutomaton, text: string | Uint8Array, from = automaton.start): number {
  let s = from;
  for (const b of typeof text === 'string' ? encoder.encode(text) : text) {
    s = automaton.step(s, b);
    if (s === DEAD) break;
  }
  return s;
}

export function accepts(automaton: GrammarAutomaton, text: string | Uint8Array): boolean {
  return automaton.isAccepting(run(automaton, text));
}
