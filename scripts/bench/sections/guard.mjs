// Guard checks on the project's labelled corpus (packages/guard/corpus): detection and false-positive rates and
// latency per check, with the holdout files (written after the rules, never used to tune them) shown apart. The
// classifier check runs the testkit's random-weight classifier (its rates mean nothing; its latency is real), and
// is timed against transformers.js running the same fixture, the peer in this section.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { env, pipeline } from '@huggingface/transformers';
import { createClassifier } from '@pocketlm/core';
import {
  classifierCheck,
  evaluateCheck,
  injectionRules,
  loadCorpus,
  parseCorpus,
  piiCheck,
} from '@pocketlm/guard';
import { nodeBackend } from '@pocketlm/node';
import { ensureFixture } from '@pocketlm/testkit';
import { fmt, median, progress, ratio } from '../lib/common.mjs';

const pct = (v) => `${(v * 100).toFixed(1)}%`;

/** PII samples in the injection corpus's shape: `pii` counts as what the check must find. */
function piiSamples(path) {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  const jsonl = lines
    .map((l) => JSON.parse(l))
    .map((s) => JSON.stringify({ ...s, label: s.label === 'pii' ? 'attack' : 'benign', category: 'LLM02' }))
    .join('\n');
  return parseCorpus(jsonl, path);
}

function row(name, set, r) {
  return {
    check: name,
    set,
    attacks: r.attacks,
    benign: r.benign,
    detection: pct(r.detectionRate),
    'false positives': pct(r.falsePositiveRate),
    'mean ms': r.meanLatencyMs.toFixed(3),
    'p95 ms': r.p95LatencyMs.toFixed(3),
  };
}

export default {
  name: 'guard',
  order: 60,
  description:
    'guard checks on the labelled corpus: detection, false positives, latency; classifier vs transformers.js',
  async run({ root, quick }) {
    const corpus = join(root, 'packages', 'guard', 'corpus');
    const rows = [];
    const json = {};
    const repeats = quick ? 1 : 3;

    progress('  injection rules');
    const all = await loadCorpus(corpus);
    const holdout = all.filter((s) => s.origin?.includes('holdout'));
    const development = all.filter((s) => !s.origin?.includes('holdout'));
    const rules = injectionRules();
    for (const [set, samples] of [
      ['development', development],
      ['holdout', holdout],
    ]) {
      const r = await evaluateCheck(rules, samples, 'input', { repeats });
      rows.push(row('injection rules', set, r));
      json[`injection/${set}`] = { ...r, misses: r.misses.length, falseAlarms: r.falseAlarms.length };
    }

    progress('  PII');
    const pii = piiCheck();
    for (const [set, file] of [
      ['development', 'pii.jsonl'],
      ['holdout', 'pii-holdout.jsonl'],
    ]) {
      const r = await evaluateCheck(pii, piiSamples(join(corpus, file)), 'input', { repeats });
      rows.push(row('PII', set, r));
      json[`pii/${set}`] = { ...r, misses: r.misses.length, falseAlarms: r.falseAlarms.length };
    }

    progress('  classifier (tiny-classifier fixture)');
    const dir = await ensureFixture('tiny-classifier');
    const classifier = await createClassifier({
      backend: nodeBackend({ session: { intraOpNumThreads: 1 } }),
      model: dir,
    });
    const half = quick ? 20 : 100;
    const mixed = [
      ...all.filter((s) => s.label === 'attack').slice(0, half),
      ...all.filter((s) => s.label === 'benign').slice(0, half),
    ];
    const texts = mixed.map((s) => s.text);
    let peerRow;
    try {
      const check = classifierCheck({
        classifier,
        unsafeLabels: ['unsafe'],
        threshold: 0.5,
        onError: 'fail-closed',
      });
      const r = await evaluateCheck(check, mixed, 'input', { repeats });
      rows.push(row('classifier (random weights)', `${mixed.length} mixed`, r));
      json.classifier = { ...r, misses: r.misses.length, falseAlarms: r.falseAlarms.length };

      // The same texts one at a time through both runtimes, alternating, after a warm-up of each.
      env.allowRemoteModels = false;
      env.localModelPath = '';
      const peer = await pipeline('text-classification', dir, { dtype: 'fp32' });
      for (const t of texts.slice(0, 5)) {
        await classifier.classify(t);
        await peer(t);
      }
      const ours = [];
      const theirs = [];
      for (const t of texts) {
        let start = performance.now();
        await classifier.classify(t);
        ours.push(performance.now() - start);
        start = performance.now();
        await peer(t);
        theirs.push(performance.now() - start);
      }
      await peer.dispose?.();
      peerRow = {
        metric: 'classify one text, median ms',
        PocketLM: fmt(median(ours)),
        'transformers.js': fmt(median(theirs)),
        ratio: ratio(median(ours) / median(theirs)),
      };
      json.classifierPeer = { ours, theirs };
    } finally {
      await classifier.dispose();
    }

    return {
      title: 'Guard: checks on the labelled corpus',
      note:
        `Corpus in packages/guard/corpus (${all.length} injection/benign samples, PII files apart). "holdout" files ` +
        'were written after the checks and never used to change them: they are the honest figures. Latency is the ' +
        `median of ${repeats} runs per sample, after a warm-up. The classifier is the random-weight testkit fixture: ` +
        `its rates mean nothing, its latency is real. Classifier vs transformers.js (same fixture, same ${texts.length} ` +
        `texts, one at a time): ${peerRow.PocketLM} vs ${peerRow['transformers.js']} ms median, ratio ${peerRow.ratio} ` +
        '(PocketLM / transformers.js; lower is faster).',
      rows,
      json,
    };
  },
};
