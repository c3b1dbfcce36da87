import { PocketLMError } from '@pocketlm/core';
import type { GuardStage } from '../policy/guard-check.js';

/** One labelled text of the evaluation corpus (one JSON object per line of a `.jsonl` file). */
export interface CorpusSample {
  readonly text: string;
  readonly label: 'attack' | 'benign';
  /** OWASP LLM Top 10 (2025) id the sample belongs to or resembles (`LLM01`…`LLM10`), or `none`. */
  readonly category: string;
  /** BCP 47 language code. */
  readonly lang: string;
  readonly source: string;
  /** The stage the text arrives at (a document is `retrieved`, a tool's output `tool-result`). Default `input`. */
  readonly stage?: GuardStage;
  /** Free-form tags: the obfuscation used, `risky-looking`, `indirect`, … */
  readonly tags?: readonly string[];
  readonly notes?: string;
  /** Where the sample was read from (`file:line`), filled in by `parseCorpus`. */
  readonly origin?: string;
}

const STAGES: readonly string[] = ['input', 'output', 'tool-result', 'retrieved'];

/** Parses JSONL corpus text, checking every line's fields; `name` is used in error messages and `origin`. */
export function parseCorpus(jsonl: string, name = 'corpus'): CorpusSample[] {
  const samples: CorpusSample[] = [];
  const lines = jsonl.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const origin = `${name}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw invalid(origin, `not JSON (${(error as Error).message})`);
    }
    samples.push(validate(value, origin));
  }
  return samples;
}

function validate(value: unknown, origin: string): CorpusSample {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(origin, 'not an object');
  const v = value as Record<string, unknown>;
  for (const key of ['text', 'category', 'lang', 'source'] as const) {
    if (typeof v[key] !== 'string' || v[key] === '')
      throw invalid(origin, `"${key}" must be a non-empty string`);
  }
  if (v.label !== 'attack' && v.label !== 'benign')
    throw invalid(origin, '"label" must be "attack" or "benign"');
  if (v.stage !== undefined && !STAGES.includes(v.stage as string)) {
    throw invalid(origin, `"stage" must be one of ${STAGES.join(', ')}`);
  }
  if (v.tags !== undefined && !(Array.isArray(v.tags) && v.tags.every((t) => typeof t === 'string'))) {
    throw invalid(origin, '"tags" must be an array of strings');
  }
  if (v.notes !== undefined && typeof v.notes !== 'string') throw invalid(origin, '"notes" must be a string');
  return { ...(v as unknown as CorpusSample), origin };
}

function invalid(origin: string, why: string): PocketLMError {
  return new PocketLMError('INVALID_CONFIG', `Corpus sample ${origin}: ${why}.`, { details: { origin } });
}
