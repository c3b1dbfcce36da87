// KV cache policies: for each policy at each context length, bytes per token, total bytes held, and how far the
// next-token distributions drift from the full cache (KL) over the last steps of one teacher-forced sequence, on
// the fixture through the node backend's runner.
import { argmax, createKVCache, FullKVCache, kvBytesPerToken } from '@pocketlm/core';
import { lcg, loadRunner, mean, mib, progress, seconds } from '../lib/common.mjs';

/**
 * Context lengths, and decode steps scored at the end of each sequence: fewer at 4k, where one step took over a
 * second on 2 cores (every forward passes the whole cache).
 */
const FULL = { contexts: [1024, 4096], scoredSteps: { 1024: 32, 4096: 8 } };
const QUICK = { contexts: [256], scoredSteps: { 256: 8 } };

/**
 * Prefill chunk: a value-norm cache protects the tokens of one append, so a prompt goes in under its cap
 * (4 sinks + 32 recent + the chunk must fit a quarter of the context). 128 tokens at 1k, 512 at 4k: fewer, larger
 * chunks keep the quantized caches (which dequantize everything they hold on every forward) affordable at 4k.
 */
const chunkFor = (context) => Math.max(1, Math.min(Math.max(128, context / 8), Math.floor(context / 4) - 36));

/**
 * A control row, not a policy: the full cache with each new key and value scaled by 1 ± 0.1% (seeded). It shows how
 * much this fixture's KL moves under a perturbation far below any quantization step, so the other rows can be
 * read against it (random-weight fixtures amplify small KV changes more than trained models do).
 */
class NoisyFullKVCache extends FullKVCache {
  rand = lcg(99);
  appendPacked(entries) {
    const { numKVHeads, headDim } = this.layout;
    const total = this.length + entries.positions.length;
    for (const a of [...entries.keys, ...entries.values]) {
      for (let h = 0; h < numKVHeads; h++) {
        for (let i = (h * total + this.length) * headDim; i < (h + 1) * total * headDim; i++) {
          a[i] *= 1 + 0.001 * (this.rand() * 2 - 1);
        }
      }
    }
    super.appendPacked(entries);
  }
}

/**
 * The policies of one context length; limits scale with it (a quarter of the full cache's tokens or bytes).
 * `extra` rows (the control, eviction combined with int8 storage) run only at the first context length: at 4k
 * every row costs a 4k-token prefill, and the required policies come first.
 */
function policies(context, layout, fullBytesPerToken) {
  const quarter = Math.floor(context / 4);
  const cap = quarter * fullBytesPerToken;
  const capMiB = (cap / 2 ** 20).toFixed(1);
  return [
    { name: 'full', policy: { type: 'full' } },
    {
      name: 'control: full, KV × (1 ± 0.1%)',
      policy: { type: 'full' },
      cache: () => new NoisyFullKVCache(layout),
      extra: true,
    },
    { name: 'int8', policy: { type: 'quantized', bits: 8 } },
    { name: 'int4', policy: { type: 'quantized', bits: 4 } },
    { name: `sliding ${quarter} + 4 sinks`, policy: { type: 'sliding-window', window: quarter, sinks: 4 } },
    {
      name: `value-norm ≤ ${capMiB} MiB`,
      policy: { type: 'value-norm', maxBytes: cap, sinks: 4, recent: 32 },
    },
    {
      name: `sliding ${quarter} + 4 sinks, int8`,
      policy: { type: 'sliding-window', window: quarter, sinks: 4, storage: 'int8' },
      extra: true,
    },
    {
      name: `value-norm ≤ ${capMiB} MiB, int8`,
      policy: { type: 'value-norm', maxBytes: cap, sinks: 4, recent: 32, storage: 'int8' },
      extra: true,
    },
  ];
}

/** A deterministic token sequence: a seeded random walk over the vocabulary with repeated phrases, so long-range
 * copies exist for the full cache to use and an evicting cache to lose. */
function sequence(length, vocabSize) {
  const rand = lcg(12345);
  const out = [];
  while (out.length < length) {
    if (out.length > 64 && rand() < 0.3) {
      const start = Math.floor(rand() * (out.length - 32));
      out.push(...out.slice(start, start + 8 + Math.floor(rand() * 24)));
    } else {
      out.push(3 + Math.floor(rand() * (vocabSize - 3)));
    }
  }
  return out.slice(0, length);
}

function logSoftmax(x) {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of x) max = Math.max(max, v);
  let sum = 0;
  for (const v of x) sum += Math.exp(v - max);
  const lse = max + Math.log(sum);
  return Float64Array.from(x, (v) => v - lse);
}

/** KL(p ‖ q) of the softmaxes of two logit rows. */
function kl(p, q) {
  const lp = logSoftmax(p);
  const lq = logSoftmax(q);
  let total = 0;
  for (let i = 0; i < lp.length; i++) total += Math.exp(lp[i]) * (lp[i] - lq[i]);
  return Math.max(0, total);
}

/** Prefills all but the last `scored` tokens in chunks, then teacher-forces the rest; logits of each step. */
async function run(runner, cache, tokens, scored) {
  const forward = async (ids, start) => {
    const positions = ids.map((_, i) => start + i);
    const { logits } = await runner.forward({
      sequences: [{ tokens: ids, positions, cache, logits: 'last' }],
    });
    return logits[0];
  };
  const chunk = chunkFor(tokens.length);
  const prefill = tokens.length - scored;
  const started = performance.now();
  for (let i = 0; i < prefill; i += chunk) await forward(tokens.slice(i, Math.min(prefill, i + chunk)), i);
  const prefillMs = performance.now() - started;
  const rows = [];
  let peakBytes = cache.bytes;
  for (let i = prefill; i < tokens.length; i++) {
    rows.push(await forward([tokens[i]], i));
    peakBytes = Math.max(peakBytes, cache.bytes);
  }
  return { rows, peakBytes, prefillMs, decodeMs: performance.now() - started - prefillMs };
}

export default {
  name: 'kv',
  order: 30,
  description:
    'KV cache policies: bytes per token, total bytes and KL of next-token logits vs the full cache',
  async run({ dir, fixture, quick }) {
    const plan = quick ? QUICK : FULL;
    const { runner } = await loadRunner(dir);
    const layout = runner.kvLayout;
    const maxPositions = runner.config.maxPositionEmbeddings;
    const fullBytesPerToken = kvBytesPerToken(layout);
    const results = [];
    const skipped = [];
    try {
      for (const context of plan.contexts) {
        if (context > maxPositions) {
          skipped.push({ context, reason: `above the fixture's maxPositionEmbeddings (${maxPositions})` });
          progress(`  kv: context ${context} skipped: ${fixture} has maxPositionEmbeddings ${maxPositions}`);
          continue;
        }
        const scored = plan.scoredSteps[context];
        const tokens = sequence(context, runner.vocabSize);
        let reference;
        for (const p of policies(context, layout, fullBytesPerToken)) {
          if (p.extra && context !== plan.contexts[0]) continue;
          const started = performance.now();
          const cache = p.cache ? p.cache() : createKVCache(layout, p.policy);
          const r = await run(runner, cache, tokens, scored);
          reference ??= { ...r, bytes: cache.bytes };
          const kls = r.rows.map((row, i) => kl(reference.rows[i], row));
          results.push({
            context,
            policy: p.name,
            config: p.policy,
            scoredSteps: scored,
            prefillChunk: chunkFor(context),
            bytesPerToken: kvBytesPerToken(layout, p.policy),
            tokensHeld: cache.length,
            totalBytes: cache.bytes,
            peakBytes: r.peakBytes,
            memoryVsFull: cache.bytes / reference.bytes,
            meanKL: mean(kls),
            maxKL: Math.max(...kls),
            top1Agreement:
              r.rows.filter((x, i) => argmax(x) === argmax(reference.rows[i])).length / kls.length,
            prefillMs: Math.round(r.prefillMs),
            decodeMs: Math.round(r.decodeMs),
          });
          progress(`  kv: context ${context}, ${p.name}: ${seconds(started)}`);
        }
      }
    } finally {
      await runner.dispose();
    }

    const contexts = plan.contexts.filter((c) => c <= maxPositions);
    const per = (f) => contexts.map((c) => `${f(c)} at ${c}`).join(', ');
    const extras =
      plan.contexts.length > 1
        ? `; the control row and the int8 eviction combinations run only at ${plan.contexts[0]} tokens`
        : '';
    const skippedNote = skipped.map((s) => `; context ${s.context} NOT measured: ${s.reason}`).join('');
    return {
      title: `KV cache policies on ${fixture} (${layout.numLayers} layers × ${layout.numKVHeads} KV heads × ${layout.headDim})`,
      note:
        `KL(full ‖ policy) of the next-token distribution over the last teacher-forced steps of one seeded ` +
        `sequence (${per((c) => `${plan.scoredSteps[c]} steps`)}), prefilled in chunks (${per((c) => `${chunkFor(c)} tokens`)}); ` +
        `eviction limits are a quarter of the context (tokens or full-cache bytes); ` +
        `fixture maxPositionEmbeddings ${maxPositions}${extras}${skippedNote}. ` +
        `"vs full" = total bytes / full cache's; the control row's KL is the noise floor of this random-weight fixture.`,
      rows: results.map((r) => ({
        context: r.context,
        policy: r.policy,
        'bytes/token': r.bytesPerToken,
        'tokens held': r.tokensHeld,
        'total MiB': mib(r.totalBytes),
        'vs full': `${r.memoryVsFull.toFixed(3)}×`,
        'mean KL': r.meanKL.toExponential(2),
        'max KL': r.maxKL.toExponential(2),
        'top-1 agree': r.top1Agreement.toFixed(2),
      })),
      json: {
        contexts,
        skipped,
        maxPositionEmbeddings: maxPositions,
        scoredSteps: plan.scoredSteps,
        prefillChunks: Object.fromEntries(contexts.map((c) => [c, chunkFor(c)])),
        layout,
        results,
      },
    };
  },
};
