import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectPii, piiDetectors } from '../src/pii/detect-pii.js';
import { PII_KINDS, type PiiKind } from '../src/pii/pii-kind.js';

interface PiiSample {
  text: string;
  label: 'pii' | 'benign';
  kinds: PiiKind[];
  lang: string;
  source: string;
}

function load(file: string): PiiSample[] {
  const lines = readFileSync(new URL(`../corpus/${file}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean);
  return lines.map((line) => JSON.parse(line) as PiiSample);
}

interface Figures {
  /** Per kind: PII samples of that kind where a span with that label was found, and how many there were. */
  detected: Map<PiiKind, [number, number]>;
  /** Per detector: benign samples it flagged. */
  falsePositives: Map<PiiKind, number>;
  benign: number;
  /** PII samples with every listed kind found / benign samples with no span at all. */
  overallDetection: number;
  overallFalsePositive: number;
}

function measure(samples: readonly PiiSample[]): Figures {
  const detectors = piiDetectors();
  const detected = new Map<PiiKind, [number, number]>(PII_KINDS.map((k) => [k, [0, 0]]));
  const falsePositives = new Map<PiiKind, number>(PII_KINDS.map((k) => [k, 0]));
  let pii = 0;
  let caught = 0;
  let benign = 0;
  let flagged = 0;
  for (const sample of samples) {
    const labels = new Set(detectPii(sample.text).map((s) => s.label));
    if (sample.label === 'pii') {
      pii++;
      if (sample.kinds.every((k) => labels.has(k))) caught++;
      for (const kind of sample.kinds) {
        const entry = detected.get(kind)!;
        entry[1]++;
        if (labels.has(kind)) entry[0]++;
      }
    } else {
      benign++;
      if (labels.size > 0) flagged++;
      for (const kind of PII_KINDS)
        if (detectors[kind](sample.text).length > 0) falsePositives.set(kind, falsePositives.get(kind)! + 1);
    }
  }
  return {
    detected,
    falsePositives,
    benign,
    overallDetection: caught / pii,
    overallFalsePositive: flagged / benign,
  };
}

function report(name: string, figures: Figures): void {
  const rows = PII_KINDS.map((kind) => {
    const [hit, total] = figures.detected.get(kind)!;
    const fp = figures.falsePositives.get(kind)!;
    return `  ${kind.padEnd(12)} detection ${hit}/${total}  false positives ${fp}/${figures.benign}`;
  });
  console.log(
    `${name}: detection ${figures.overallDetection.toFixed(3)}, false-positive rate ${figures.overallFalsePositive.toFixed(3)}\n${rows.join('\n')}`,
  );
}

describe('PII corpus', () => {
  const corpus = load('pii.jsonl');
  const holdout = load('pii-holdout.jsonl');

  it('is well formed: labels, kinds, languages, source; enough samples of each', () => {
    for (const sample of [...corpus, ...holdout]) {
      expect(typeof sample.text).toBe('string');
      expect(['pii', 'benign']).toContain(sample.label);
      expect(sample.kinds.every((k) => (PII_KINDS as readonly string[]).includes(k))).toBe(true);
      expect(sample.label === 'pii' ? sample.kinds.length > 0 : sample.kinds.length === 0).toBe(true);
      expect(sample.lang).toMatch(/^[a-z]{2}$/);
      expect(sample.source).toBe('written for PocketLM');
    }
    const pii = corpus.filter((s) => s.label === 'pii');
    expect(pii.length).toBeGreaterThanOrEqual(100);
    expect(corpus.length - pii.length).toBeGreaterThanOrEqual(pii.length);
    for (const kind of PII_KINDS)
      expect(pii.filter((s) => s.kinds.includes(kind)).length, kind).toBeGreaterThanOrEqual(15);
  });

  it('main corpus: detection ≥ 0.95 and false positives ≤ 0.05, per kind and overall', () => {
    const figures = measure(corpus);
    report('pii.jsonl', figures);
    expect(figures.overallDetection).toBeGreaterThanOrEqual(0.95);
    expect(figures.overallFalsePositive).toBeLessThanOrEqual(0.05);
    for (const kind of PII_KINDS) {
      const [hit, total] = figures.detected.get(kind)!;
      expect(hit / total, kind).toBeGreaterThanOrEqual(0.95);
      expect(figures.falsePositives.get(kind)! / figures.benign, kind).toBeLessThanOrEqual(0.05);
    }
  });

  it('holdout (written after the detectors were tuned, never tuned on): measured figures hold', () => {
    const figures = measure(holdout);
    report('pii-holdout.jsonl', figures);
    // Measured 31/33 = 0.939: an "(at)"-obfuscated address and a `mysql -p…` password are missed by design
    // (no detector reads obfuscations or command-line flags), so the bar sits just below the measurement.
    expect(figures.overallDetection).toBeGreaterThanOrEqual(0.93);
    // Measured 1/48: `name@domain.tld` from a form's help text is a valid-looking address.
    expect(figures.overallFalsePositive).toBeLessThanOrEqual(0.05);
  });

  it('rules take well under 1 ms per prompt', () => {
    const texts = corpus.map((s) => s.text);
    // ~1 KB prompts made of 12 samples each.
    const prompts: string[] = [];
    for (let i = 0; i < texts.length; i += 12) prompts.push(texts.slice(i, i + 12).join('\n'));
    for (const text of [...texts, ...prompts]) detectPii(text); // warm up (JIT, phone metadata)
    const median = (items: readonly string[], rounds: number) => {
      const times: number[] = [];
      for (let r = 0; r < rounds; r++)
        for (const text of items) {
          const started = performance.now();
          detectPii(text);
          times.push(performance.now() - started);
        }
      times.sort((a, b) => a - b);
      return { median: times[times.length >> 1], p95: times[Math.floor(times.length * 0.95)] };
    };
    const perSample = median(texts, 10);
    const perPrompt = median(prompts, 20);
    const promptLength = prompts.reduce((n, p) => n + p.length, 0) / prompts.length;
    console.log(
      `latency per sample (~${Math.round(texts.join('').length / texts.length)} chars): median ${perSample.median.toFixed(3)} ms, p95 ${perSample.p95.toFixed(3)} ms; ` +
        `per ~${Math.round(promptLength)}-char prompt: median ${perPrompt.median.toFixed(3)} ms, p95 ${perPrompt.p95.toFixed(3)} ms`,
    );
    // Generous bounds (measured ~0.02 ms and ~0.2 ms): catch a regression by orders of magnitude, not noise.
    expect(perSample.median).toBeLessThan(1);
    expect(perPrompt.median).toBeLessThan(5);
  });
});
