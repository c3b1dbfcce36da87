export type * from './policy/guard-check.js';
