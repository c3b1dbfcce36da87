import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CheckEvaluation,
  type CorpusSample,
  evaluateCheck,
  formatEvaluation,
  loadCorpus,
} from '../src/eval/index.js';
import { injectionRules } from '../src/injection/index.js';

const corpusDir = fileURLToPath(new URL('../corpus/', import.meta.url));
const OWASP = /^(?:LLM0[1-9]|LLM10|none)$/;

let samples: CorpusSample[];
const isHoldout = (s: CorpusSample) => s.tags?.includes('holdout') ?? false;

beforeAll(async () => {
  samples = await loadCorpus(corpusDir);
});

describe('the corpus', () => {
  it('has at least 150 attacks, at least as many benign samples, and no duplicates', () => {
    const attacks = samples.filter((s) => s.label === 'attack');
    const benign = samples.filter((s) => s.label === 'benign');
    expect(attacks.length).toBeGreaterThanOrEqual(150);
    expect(benign.length).toBeGreaterThanOrEqual(attacks.length);
    expect(new Set(samples.map((s) => s.text)).size).toBe(samples.length);
  });

  it('labels every sample with an OWASP LLM Top 10 id, a language and its source', () => {
    for (const s of samples) {
      expect(s.category, s.origin).toMatch(OWASP);
      expect(s.lang, s.origin).toMatch(/^[a-z]{2}$/);
      expect(s.source, s.origin).toBe('written for PocketLM');
    }
  });

  it('covers the attack categories, languages, obfuscations and indirect stages the check claims', () => {
    const attacks = samples.filter((s) => s.label === 'attack');
    const categories = new Set(attacks.map((s) => s.category));
    for (const c of ['LLM01', 'LLM02', 'LLM05', 'LLM06', 'LLM07', 'LLM08', 'LLM10'])
      expect(categories).toContain(c);
    const langs = new Set(attacks.map((s) => s.lang));
    for (const l of ['es', 'fr', 'de', 'it', 'pt', 'zh', 'ja', 'ru']) expect(langs).toContain(l);
    const tags = new Set(attacks.flatMap((s) => s.tags ?? []));
    for (const t of ['spaced', 'homoglyph', 'base64', 'leetspeak', 'rot13', 'zero-width', 'indirect']) {
      expect(tags).toContain(t);
    }
    expect(new Set(attacks.map((s) => s.stage))).toEqual(new Set([undefined, 'retrieved', 'tool-result']));
    const riskyBenign = samples.filter((s) => s.label === 'benign' && s.tags?.includes('risky-looking'));
    expect(riskyBenign.length).toBeGreaterThanOrEqual(50);
  });
});

describe('injectionRules on the corpus', () => {
  let dev: CheckEvaluation;
  let holdout: CheckEvaluation;
  let all: CheckEvaluation;

  beforeAll(async () => {
    const check = injectionRules();
    dev = await evaluateCheck(
      check,
      samples.filter((s) => !isHoldout(s)),
    );
    holdout = await evaluateCheck(check, samples.filter(isHoldout));
    all = await evaluateCheck(check, samples);
    console.log(
      `development set\n${formatEvaluation(dev)}\n\nholdout\n${formatEvaluation(holdout, { groups: false })}`,
    );
    console.log(`whole corpus\n${formatEvaluation(all, { groups: false })}`);
  });

  it('detects ≥ 95% of the development attacks with ≤ 2% false positives', () => {
    // The rules were written and revised against these samples (measured 98.8% / 0.7%: the false positives are two
    // language exercises quoting "ignore previous instructions"), so this guards against
    // regressions; it is not a measure of how well the rules generalise (see the holdout below).
    expect(dev.detectionRate).toBeGreaterThanOrEqual(0.95);
    expect(dev.falsePositiveRate).toBeLessThanOrEqual(0.02);
    for (const [category, rates] of Object.entries(dev.byCategory)) {
      if (rates.attacks >= 5) expect(rates.detectionRate, category).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('on the holdout, written after the rules, detects ≥ 30% with ≤ 5% false positives', () => {
    // Honest figure for attacks phrased in ways the rules were not written for: measured 34.0% detection and 2.0%
    // false positives before any change; 38.0% / 0.0% after fixing three bugs it exposed (no bare "ignore the
    // above", `1` read as `i` or `l` per text instead of per word, negated requests such as "never share your API
    // key"). Phrase rules do not generalise to paraphrase; that is the classifier's job. The bound is set just
    // below the measurement so a regression fails.
    expect(holdout.detectionRate).toBeGreaterThanOrEqual(0.3);
    expect(holdout.falsePositiveRate).toBeLessThanOrEqual(0.05);
  });

  it('on the whole corpus, detects ≥ 85% with ≤ 5% false positives', () => {
    // Measured 88.9% / 0.6%: below the 90% goal once the holdout is counted, so the bound sits just under it.
    expect(all.detectionRate).toBeGreaterThanOrEqual(0.85);
    expect(all.falsePositiveRate).toBeLessThanOrEqual(0.05);
  });

  it('keeps a prompt well under a millisecond on average', () => {
    // Goal: under 1 ms per prompt (measured ~0.1–0.2 ms mean on a loaded 2-core machine); generous for CI noise.
    expect(dev.meanLatencyMs).toBeLessThan(2);
  });
});
