export { type CorpusSample, parseCorpus } from './corpus-sample.js';
export {
  type CheckEvaluation,
  type EvaluateOptions,
  evaluateCheck,
  type GroupRates,
  type SampleOutcome,
} from './evaluate-check.js';
export { formatEvaluation } from './format-evaluation.js';
export { type LoadCorpusOptions, loadCorpus } from './load-corpus.js';
