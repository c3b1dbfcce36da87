export { type CompiledGrammar, type CompileGrammarOptions, compileGrammar } from './compile-grammar.js';
export { GrammarAutomaton, type GrammarAutomatonOptions } from './grammar-automaton.js';
