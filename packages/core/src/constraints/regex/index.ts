export { type ByteAutomaton, ByteDfa, DEAD } from './byte-dfa.js';
export { type CompileRegexOptions, compileRegex } from './compile-regex.js';
