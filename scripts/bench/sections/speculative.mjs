// Speculative decoding against plain greedy decoding, in one run, through the engine (so drafting, verification
// and rollback all count):
//   a. self-speculative: the same model at 4-bit (onnx/model_q4.onnx) drafts, the fp32 model verifies;
//   b. prompt lookup on a rewrite-this-passage task, and on a prompt where lookup drafts are never accepted
//      (the slowdown when nothing is accepted).
// Every case checks that the tokens equal plain greedy decoding's; a difference is reported as a problem.
import { join } from 'node:path';
import { createEngine } from '@pocketlm/core';
import { nodeBackend } from '@pocketlm/node';
import { ensureFixture } from '@pocketlm/testkit';
import { fmt, median, progress, ratio } from '../lib/common.mjs';

const FULL = { newTokens: 64, rounds: 3 };
const QUICK = { newTokens: 16, rounds: 1 };
/** The goals: self-speculative speedup, and the most a never-accepted drafter may slow decoding. */
const GOAL_SELF_SPEEDUP = 1.8;
const MAX_NO_ACCEPT_SLOWDOWN = 0.1;

const passage =
  'The committee met on Tuesday to review the budget. After a long discussion, the members agreed to fund the ' +
  'new library, repair the old bridge, and hire two more teachers for the school. The vote was close, but the ' +
  'chair said the town would be better for it.';
const rewritePrompt = `Rewrite this passage without changing its meaning.\n\nPassage: ${passage}\n\nRewritten: The committee met`;
const selfPrompts = [
  'Write a short story about a lighthouse keeper who finds a message in a bottle.',
  'Explain how a refrigerator keeps food cold, step by step.',
];
// Repeated n-grams give prompt lookup plenty to propose; a random-weight model never continues them.
const noAcceptPrompt = 'red green blue red green blue red green blue red green blue red green';

/** Median decode time (first to last token) of `prompt` on `engine`, and the tokens and speculation counts. */
async function measure(engine, prompt, newTokens, speculative) {
  const r = await engine.generate({ prompt, maxTokens: newTokens, speculative });
  return { decodeMs: r.timings.decodeMs, tokens: r.tokens, stats: r.speculation };
}

export default {
  name: 'speculative',
  order: 40,
  description:
    'speculative decoding (4-bit self-draft, prompt lookup) vs plain greedy: acceptance and speedup',
  async run({ dir, quick, root }) {
    const cfg = quick ? QUICK : FULL;
    const backend = nodeBackend();
    // The same shape with fp32 weights already on the 4-bit grid: the 4-bit draft differs from the verifier only
    // by int8 activations, closer to how a trained model's 4-bit copy tracks it than random weights are.
    progress('  preparing the smollm-135m-q4grid fixture…');
    const gridDir = await ensureFixture('smollm-135m-q4grid', {
      root: process.env.POCKETLM_FIXTURES_DIR ?? join(root, '.cache', 'fixtures'),
    });
    // The prefix cache is off so repeated prompts cost the same every round.
    const open = (model, draft) => createEngine({ backend, model, prefixCache: false, draft });
    const plain = await open(dir);
    const drafted = await open(dir, { dtype: 'q4' });
    const gridPlain = await open(gridDir);
    const gridDrafted = await open(gridDir, { dtype: 'q4' });
    const problems = [];
    const rows = [];
    const json = {};
    try {
      const cases = [
        ...selfPrompts.map((prompt, i) => ({
          name: `self-speculative, 4-bit draft, random weights (prompt ${i + 1})`,
          prompt,
          plain,
          spec: drafted,
          options: { type: 'draft-model' },
        })),
        ...selfPrompts.map((prompt, i) => ({
          name: `self-speculative, 4-bit draft, grid weights (prompt ${i + 1})`,
          prompt,
          plain: gridPlain,
          spec: gridDrafted,
          options: { type: 'draft-model' },
        })),
        {
          name: 'prompt lookup, rewrite a passage',
          prompt: rewritePrompt,
          plain,
          spec: plain,
          options: { type: 'prompt-lookup' },
        },
        {
          name: 'prompt lookup, nothing accepted',
          prompt: noAcceptPrompt,
          plain,
          spec: plain,
          options: { type: 'prompt-lookup' },
        },
      ];
      for (const c of cases) {
        progress(`  ${c.name}`);
        // Warm-up of both paths, then alternate so drift on a shared machine falls on both.
        await measure(c.plain, c.prompt, 4, false);
        await measure(c.spec, c.prompt, 4, c.options);
        const base = [];
        const spec = [];
        let reference;
        let stats = { rounds: 0, drafted: 0, accepted: 0 };
        for (let round = 0; round < cfg.rounds; round++) {
          const p = await measure(c.plain, c.prompt, cfg.newTokens, false);
          const s = await measure(c.spec, c.prompt, cfg.newTokens, c.options);
          base.push(p.decodeMs);
          spec.push(s.decodeMs);
          reference ??= p.tokens;
          if (JSON.stringify(s.tokens) !== JSON.stringify(p.tokens)) {
            problems.push(`speculative: ${c.name}: tokens differ from plain greedy decoding`);
          }
          stats = s.stats ?? stats;
        }
        const speedup = median(base) / median(spec);
        const acceptance = stats.drafted ? stats.accepted / stats.drafted : 0;
        rows.push({
          case: c.name,
          'plain decode ms': fmt(median(base)),
          'speculative decode ms': fmt(median(spec)),
          speedup: ratio(speedup),
          'drafted / accepted': `${stats.drafted} / ${stats.accepted}`,
          acceptance: `${(acceptance * 100).toFixed(0)}%`,
          'identical tokens': problems.some((p) => p.includes(c.name)) ? 'NO' : 'yes',
        });
        json[c.name] = { baseMs: base, specMs: spec, speedup, acceptance, stats, tokens: reference.length };
        if (
          c.name.includes('nothing accepted') &&
          stats.accepted === 0 &&
          speedup < 1 - MAX_NO_ACCEPT_SLOWDOWN
        ) {
          problems.push(
            `speculative: prompt lookup with nothing accepted slows decoding by ${((1 - speedup) * 100).toFixed(0)}% (limit ${MAX_NO_ACCEPT_SLOWDOWN * 100}%)`,
          );
        }
      }
    } finally {
      for (const engine of [plain, drafted, gridPlain, gridDrafted]) await engine.dispose();
    }
    return {
      title: 'Speculative decoding vs plain greedy decoding',
      note:
        `Greedy, ${cfg.newTokens} new tokens, median of ${cfg.rounds} alternating runs after a warm-up; speedup = ` +
        `plain decode time / speculative decode time for the same tokens (goal ≥ ${GOAL_SELF_SPEEDUP}× self-speculative; ` +
        `≤ ${MAX_NO_ACCEPT_SLOWDOWN * 100}% slowdown when nothing is accepted). The fixture's weights are random, so ` +
        'acceptance reflects how often a 4-bit copy agrees with fp32 on a near-flat distribution and whether a ' +
        'random model happens to repeat itself, not what a trained model does.',
      rows,
      json,
      problems,
    };
  },
};
