export { type ByteAutomaton, DEAD } from './byte-automaton.js';
export { ByteDfa } from './byte-dfa.js';
export { type CompileRegexOptions, compileRegex } from './compile-regex.js';
