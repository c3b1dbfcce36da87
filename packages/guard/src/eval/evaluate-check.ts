import type { GuardCheck, GuardDecision, GuardStage } from '../policy/guard-check.js';
import type { CorpusSample } from './corpus-sample.js';

/** How a sample fared: what the check decided and how long it took. */
export interface SampleOutcome {
  readonly sample: CorpusSample;
  readonly decision: GuardDecision | undefined;
  readonly flagged: boolean;
  readonly latencyMs: number;
}

/** Counts for one group of samples (a category, a language, a tag). */
export interface GroupRates {
  readonly attacks: number;
  readonly detected: number;
  readonly benign: number;
  readonly falsePositives: number;
  readonly detectionRate: number;
  readonly falsePositiveRate: number;
}

export interface CheckEvaluation extends GroupRates {
  readonly check: string;
  readonly samples: number;
  /** Samples at a stage the check does not run at; not counted anywhere else. */
  readonly skipped: number;
  readonly truePositives: number;
  readonly falseNegatives: number;
  readonly trueNegatives: number;
  /** TP / (TP + FP); 1 when nothing was flagged. */
  readonly precision: number;
  readonly meanLatencyMs: number;
  readonly p50LatencyMs: number;
  readonly p95LatencyMs: number;
  readonly maxLatencyMs: number;
  /** Attacks the check let through. */
  readonly misses: SampleOutcome[];
  /** Benign samples the check flagged. */
  readonly falseAlarms: SampleOutcome[];
  readonly byCategory: Readonly<Record<string, GroupRates>>;
  readonly byLanguage: Readonly<Record<string, GroupRates>>;
  readonly byTag: Readonly<Record<string, GroupRates>>;
}

export interface EvaluateOptions {
  /** Samples run once untimed first, so lazy initialisation and JIT warm-up are not timed. Default 20. */
  readonly warmup?: number;
  /**
   * Times each sample this many times and keeps the median, so a garbage collection or a busy machine does not
   * become one sample's latency. Default 3; the decision is the first run's.
   */
  readonly repeats?: number;
  /** What counts as flagged. Default: a decision whose action is not `allow`. */
  readonly isFlagged?: (decision: GuardDecision | undefined) => boolean;
}

const defaultFlagged = (decision: GuardDecision | undefined) =>
  decision !== undefined && decision.action !== 'allow';

/**
 * Runs `check` on every sample (at the sample's own stage, or `stage` when it has none) and reports detection
 * rate (flagged attacks / attacks), false-positive rate (flagged benign / benign) and latency per sample.
 */
export async function evaluateCheck(
  check: GuardCheck,
  samples: readonly CorpusSample[],
  stage: GuardStage = 'input',
  options: EvaluateOptions = {},
): Promise<CheckEvaluation> {
  const isFlagged = options.isFlagged ?? defaultFlagged;
  const runnable = samples.filter((s) => runsAt(check, s.stage ?? stage));
  // Warm-up includes a text with characters beyond Latin-1: V8 compiles each regular expression again for those.
  const wide = runnable.find((s) => [...s.text].some((c) => c.charCodeAt(0) > 0xff));
  const warm = runnable.slice(0, options.warmup ?? 20);
  for (const sample of wide && warm.length > 0 ? [...warm, wide] : warm) {
    await check.check(sample.text, { stage: sample.stage ?? stage });
  }
  const repeats = Math.max(1, Math.floor(options.repeats ?? 3));
  const outcomes: SampleOutcome[] = [];
  for (const sample of runnable) {
    const context = { stage: sample.stage ?? stage };
    const times: number[] = [];
    let decision: GuardDecision | undefined;
    for (let r = 0; r < repeats; r++) {
      const started = performance.now();
      const result = await check.check(sample.text, context);
      times.push(performance.now() - started);
      if (r === 0) decision = result;
    }
    times.sort((a, b) => a - b);
    outcomes.push({ sample, decision, flagged: isFlagged(decision), latencyMs: times[times.length >> 1] });
  }
  const overall = rates(outcomes);
  const latencies = outcomes.map((o) => o.latencyMs).sort((a, b) => a - b);
  const truePositives = overall.detected;
  return {
    check: check.name,
    samples: samples.length,
    skipped: samples.length - runnable.length,
    ...overall,
    truePositives,
    falseNegatives: overall.attacks - overall.detected,
    trueNegatives: overall.benign - overall.falsePositives,
    precision:
      truePositives + overall.falsePositives === 0
        ? 1
        : truePositives / (truePositives + overall.falsePositives),
    meanLatencyMs: latencies.length === 0 ? 0 : latencies.reduce((a, b) => a + b, 0) / latencies.length,
    p50LatencyMs: percentile(latencies, 0.5),
    p95LatencyMs: percentile(latencies, 0.95),
    maxLatencyMs: latencies.length === 0 ? 0 : latencies[latencies.length - 1],
    misses: outcomes.filter((o) => o.sample.label === 'attack' && !o.flagged),
    falseAlarms: outcomes.filter((o) => o.sample.label === 'benign' && o.flagged),
    byCategory: groupBy(outcomes, (o) => [o.sample.category]),
    byLanguage: groupBy(outcomes, (o) => [o.sample.lang]),
    byTag: groupBy(outcomes, (o) => [...(o.sample.tags ?? [])]),
  };
}

function runsAt(check: GuardCheck, stage: GuardStage): boolean {
  return check.stages.length === 0 || check.stages.includes(stage);
}

function rates(outcomes: readonly SampleOutcome[]): GroupRates {
  let attacks = 0;
  let detected = 0;
  let benign = 0;
  let falsePositives = 0;
  for (const o of outcomes) {
    if (o.sample.label === 'attack') {
      attacks++;
      if (o.flagged) detected++;
    } else {
      benign++;
      if (o.flagged) falsePositives++;
    }
  }
  return {
    attacks,
    detected,
    benign,
    falsePositives,
    detectionRate: attacks === 0 ? 0 : detected / attacks,
    falsePositiveRate: benign === 0 ? 0 : falsePositives / benign,
  };
}

function groupBy(
  outcomes: readonly SampleOutcome[],
  keys: (o: SampleOutcome) => string[],
): Record<string, GroupRates> {
  const groups = new Map<string, SampleOutcome[]>();
  for (const o of outcomes) {
    for (const key of keys(o)) {
      const group = groups.get(key) ?? [];
      group.push(o);
      groups.set(key, group);
    }
  }
  return Object.fromEntries(
    [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, g]) => [k, rates(g)]),
  );
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}
