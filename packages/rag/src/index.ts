export type * from './document.js';
export type * from './store/vector-store.js';
