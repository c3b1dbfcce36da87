// The backend conformance suite (`@pocketlm/core/testing`). Runs under vitest, in Node and in browsers.

export { argmax } from './argmax.js';
export type { BackendConformanceOptions } from './backend-conformance-options.js';
export { expectLogitsClose, logitRows, maxLogitError } from './compare-logits.js';
export { runBackendConformance } from './run-backend-conformance.js';
export { consecutivePositions, testTokens } from './test-tokens.js';
export { withoutFiles } from './without-files.js';
