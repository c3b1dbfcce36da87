import type { InjectionRule } from '../injection-rule.js';
import { dataExtractionRules, outputHandlingRules, resourceAbuseRules } from './data-extraction.js';
import { delimiterRules } from './delimiters.js';
import { exfiltrationRules } from './exfiltration.js';
import { indirectRules } from './indirect.js';
import { instructionOverrideRules } from './instruction-override.js';
import { multilingualLeakRules } from './multilingual-leak.js';
import { multilingualOverrideRules } from './multilingual-override.js';
import { promptLeakRules } from './prompt-leak.js';
import { rolePlayRules } from './role-play.js';

/** The maintained injection rule set, family by family. */
export const defaultInjectionRules: readonly InjectionRule[] = [
  ...instructionOverrideRules,
  ...multilingualOverrideRules,
  ...promptLeakRules,
  ...multilingualLeakRules,
  ...rolePlayRules,
  ...delimiterRules,
  ...indirectRules,
  ...exfiltrationRules,
  ...dataExtractionRules,
  ...outputHandlingRules,
  ...resourceAbuseRules,
];

export {
  dataExtractionRules,
  delimiterRules,
  exfiltrationRules,
  indirectRules,
  instructionOverrideRules,
  multilingualLeakRules,
  multilingualOverrideRules,
  outputHandlingRules,
  promptLeakRules,
  resourceAbuseRules,
  rolePlayRules,
};
