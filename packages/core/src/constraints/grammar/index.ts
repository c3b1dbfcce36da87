export { type CompiledGrammar, type CompileGrammarOptions, compileGrammar } from './compile-grammar.js';
export { GrammarAutomaton, type GrammarAutomatonOptions } from './grammar-automaton.js';
export { GrammarConstraint } from './grammar-constraint.js';
export { GrammarTokenMasker, type GrammarTokenMaskerOptions } from './grammar-token-masker.js';
