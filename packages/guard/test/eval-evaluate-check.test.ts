import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type CorpusSample,
  evaluateCheck,
  formatEvaluation,
  loadCorpus,
  parseCorpus,
} from '../src/eval/index.js';
import type { GuardCheck, GuardStage } from '../src/policy/guard-check.js';

const sample = (
  text: string,
  label: 'attack' | 'benign',
  extra: Partial<CorpusSample> = {},
): CorpusSample => ({
  text,
  label,
  category: 'LLM01',
  lang: 'en',
  source: 'test',
  ...extra,
});

/** Blocks any text containing "bad"; records the stages it was asked at. */
function fakeCheck(stages: GuardStage[] = ['input', 'retrieved']): GuardCheck & { seen: GuardStage[] } {
  const seen: GuardStage[] = [];
  return {
    name: 'fake',
    stages,
    seen,
    check(text, context) {
      seen.push(context.stage);
      return text.includes('bad')
        ? { check: 'fake', stage: context.stage, action: 'block', reason: 'bad', spans: [] }
        : undefined;
    },
  };
}

describe('evaluateCheck', () => {
  const samples = [
    sample('bad one', 'attack', { category: 'LLM01', tags: ['x'] }),
    sample('bad two', 'attack', { category: 'LLM07' }),
    sample('sneaky', 'attack', { category: 'LLM07', lang: 'fr' }),
    sample('fine', 'benign', { category: 'none' }),
    sample('bad but fine', 'benign', { category: 'none', tags: ['x'] }),
    sample('a document with bad words', 'attack', { stage: 'retrieved' }),
    sample('a tool result', 'attack', { stage: 'tool-result' }),
  ];

  it('counts detections, misses and false alarms, and their rates', async () => {
    const result = await evaluateCheck(fakeCheck(), samples, 'input', { warmup: 0, repeats: 1 });
    expect(result).toMatchObject({
      check: 'fake',
      samples: 7,
      skipped: 1,
      attacks: 4,
      benign: 2,
      truePositives: 3,
      falseNegatives: 1,
      falsePositives: 1,
      trueNegatives: 1,
      detectionRate: 0.75,
      falsePositiveRate: 0.5,
      precision: 0.75,
    });
    expect(result.misses.map((m) => m.sample.text)).toEqual(['sneaky']);
    expect(result.falseAlarms.map((m) => m.sample.text)).toEqual(['bad but fine']);
    expect(result.byCategory.LLM07).toMatchObject({ attacks: 2, detected: 1, detectionRate: 0.5 });
    expect(result.byCategory.none).toMatchObject({ benign: 2, falsePositives: 1 });
    expect(result.byLanguage.fr).toMatchObject({ attacks: 1, detected: 0 });
    expect(result.byTag.x).toMatchObject({ attacks: 1, detected: 1, benign: 1, falsePositives: 1 });
  });

  it("runs each sample at its own stage, and skips stages the check doesn't run at", async () => {
    const check = fakeCheck();
    await evaluateCheck(check, samples, 'input', { warmup: 0, repeats: 1 });
    expect(check.seen.filter((s) => s === 'retrieved')).toHaveLength(1);
    expect(check.seen).not.toContain('tool-result');
  });

  it('times every sample (median of the repeats) and reports mean, p50, p95 and max', async () => {
    const check = fakeCheck();
    const result = await evaluateCheck(check, samples, 'input', { warmup: 2, repeats: 3 });
    expect(check.seen).toHaveLength(2 + 6 * 3);
    expect(result.meanLatencyMs).toBeGreaterThanOrEqual(0);
    expect(result.p95LatencyMs).toBeGreaterThanOrEqual(result.p50LatencyMs);
    expect(result.maxLatencyMs).toBeGreaterThanOrEqual(result.p95LatencyMs);
  });

  it('accepts a different notion of flagged (ask counts, for example)', async () => {
    const result = await evaluateCheck(fakeCheck(), samples, 'input', {
      warmup: 0,
      repeats: 1,
      isFlagged: () => true,
    });
    expect(result.detectionRate).toBe(1);
    expect(result.falsePositiveRate).toBe(1);
  });

  it('formats a summary a bench can print', async () => {
    const text = formatEvaluation(
      await evaluateCheck(fakeCheck(), samples, 'input', { warmup: 0, repeats: 1 }),
    );
    expect(text).toContain('fake: detection 75.0% (3/4), false positives 50.0% (1/2)');
    expect(text).toContain('LLM07');
  });
});

describe('parseCorpus and loadCorpus', () => {
  it('parses JSONL, skipping blank lines and recording where each sample came from', () => {
    const text = [
      JSON.stringify(sample('one', 'attack')),
      '',
      JSON.stringify(sample('two', 'benign', { stage: 'retrieved', tags: ['t'], notes: 'n' })),
    ].join('\n');
    const parsed = parseCorpus(text, 'mine.jsonl');
    expect(parsed.map((s) => [s.text, s.origin])).toEqual([
      ['one', 'mine.jsonl:1'],
      ['two', 'mine.jsonl:3'],
    ]);
    expect(parsed[1].stage).toBe('retrieved');
  });

  it('refuses malformed samples with the line that is wrong', () => {
    expect(() => parseCorpus('{not json', 'x.jsonl')).toThrow(/x\.jsonl:1: not JSON/);
    expect(() => parseCorpus(JSON.stringify({ ...sample('t', 'attack'), label: 'pii' }))).toThrow(/"label"/);
    expect(() => parseCorpus(JSON.stringify({ ...sample('t', 'attack'), category: '' }))).toThrow(
      /"category"/,
    );
    expect(() => parseCorpus(JSON.stringify({ ...sample('t', 'attack'), stage: 'later' }))).toThrow(
      /"stage"/,
    );
    expect(() => parseCorpus(JSON.stringify({ ...sample('t', 'attack'), tags: [1] }))).toThrow(/"tags"/);
  });

  it('reads files, and the matching files of a directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'guard-corpus-'));
    try {
      await writeFile(join(dir, 'injection-a.jsonl'), `${JSON.stringify(sample('a', 'attack'))}\n`);
      await writeFile(join(dir, 'benign-b.jsonl'), `${JSON.stringify(sample('b', 'benign'))}\n`);
      await writeFile(join(dir, 'pii.jsonl'), '{"text":"x","label":"pii"}\n');
      expect((await loadCorpus(dir)).map((s) => s.text)).toEqual(['b', 'a']);
      expect((await loadCorpus([join(dir, 'injection-a.jsonl')])).map((s) => s.origin)).toEqual([
        'injection-a.jsonl:1',
      ]);
      await expect(loadCorpus(dir, { include: (f) => f.endsWith('.jsonl') })).rejects.toThrow(/pii\.jsonl:1/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
