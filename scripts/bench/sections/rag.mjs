// RAG: retrieval quality on a labelled query set about this repository's docs/ (lexical, vector, hybrid), indexing
// and query speed of the embedded store on synthetic chunks at scale, and the encoder's embedding throughput
// against transformers.js on the same fixture and texts (the peer in this section).
//
// The encoder is the testkit's random-weight `tiny-encoder`: its vectors carry no meaning, so vector-only quality
// is chance and lexical search carries the quality; the timings are real.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env, pipeline } from '@huggingface/transformers';
import { createEmbedder } from '@pocketlm/core';
import { nodeBackend } from '@pocketlm/node';
import {
  chunkDocument,
  createEmbeddedStore,
  createRag,
  exactVectorSearch,
  hybridSearch,
  loadFolder,
  openEmbeddedStore,
  recallAtK,
} from '@pocketlm/rag';
import { ensureFixture } from '@pocketlm/testkit';
import { fmt, formatTable, lcg, mean, median, mib, progress, ratio } from '../lib/common.mjs';

const FULL = { sizes: [10_000, 100_000], dims: [64, 384], queries: 50, rounds: 3, textQueries100k: 6 };
const QUICK = { sizes: [2_000], dims: [64, 384], queries: 20, rounds: 1, textQueries100k: 0 };
// The fixture reads 128 tokens, [CLS] and [SEP] included; createRag's default 256-token chunks would be cut.
const CHUNK_TOKENS = 126;
const BATCH = 16; // the node backend's maxBatchSize: one forward per batch for both runtimes

const ms = (v) => v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2);
const pct = (v) => `${(v * 100).toFixed(1)}%`;

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

async function timed(fn) {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

/** Latency of `fn(query)` over `queries` after a warm-up: p50, p95 and the results. */
async function latency(queries, fn, warmUp = 3) {
  for (const q of queries.slice(0, warmUp)) await fn(q);
  const times = [];
  const results = [];
  for (const q of queries) {
    const { value, ms: t } = await timed(() => fn(q));
    times.push(t);
    results.push(value);
  }
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95), times, results };
}

// Relevance is judged mechanically: a chunk is relevant to a target when it comes from the target's source and
// contains its phrase (case and runs of whitespace ignored, so a line break inside the phrase still matches).
const norm = (s) => s.toLowerCase().replace(/\s+/g, ' ');
const isRelevant = (chunk, target) =>
  chunk.source === target.source && norm(chunk.text).includes(norm(target.phrase));

/** recall@5 (share of a query's targets with a relevant chunk in the top 5) and MRR@10, per query. */
function score(hits, targets) {
  const recall =
    targets.filter((t) => hits.slice(0, 5).some((c) => isRelevant(c, t))).length / targets.length;
  const first = hits.slice(0, 10).findIndex((c) => targets.some((t) => isRelevant(c, t)));
  return { recall, rr: first < 0 ? 0 : 1 / (first + 1) };
}

/** What five (ten) chunks drawn at random would score, given `relevant` of `n` chunks are relevant. */
function chance(n, relevant) {
  let none = 1; // P(no relevant chunk in the first i)
  let rr = 0;
  let recall5 = 0;
  for (let i = 1; i <= 10; i++) {
    const hit = none * (relevant / (n - i + 1));
    rr += hit / i;
    none *= (n - i + 1 - relevant) / (n - i + 1);
    if (i === 5) recall5 = 1 - none;
  }
  return { recall: recall5, rr };
}

/** A seeded sampler of words with the frequencies they have in `text` (a unigram model of the docs). */
function wordSampler(text, rand) {
  const counts = new Map();
  for (const w of text.match(/[A-Za-z][A-Za-z0-9_-]*/g) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  const words = [...counts.keys()];
  const cumulative = [];
  let total = 0;
  for (const w of words) {
    total += counts.get(w);
    cumulative.push(total);
  }
  return () => {
    const x = rand() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return words[lo];
  };
}

function unitVector(dims, rand) {
  const v = new Float32Array(dims);
  let sum = 0;
  for (let i = 0; i < dims; i += 2) {
    // Box-Muller: a direction uniform on the sphere needs normal components, not uniform ones.
    const r = Math.sqrt(-2 * Math.log(1 - rand()));
    const a = 2 * Math.PI * rand();
    v[i] = r * Math.cos(a);
    if (i + 1 < dims) v[i + 1] = r * Math.sin(a);
  }
  for (let i = 0; i < dims; i++) sum += v[i] * v[i];
  const n = Math.sqrt(sum);
  for (let i = 0; i < dims; i++) v[i] /= n;
  return v;
}

/** `n` synthetic chunks of 20 to 60 words, 100 per source; the same `rand` seed gives the same text at every width. */
function syntheticChunks(n, word, rand) {
  const chunks = [];
  for (let i = 0; i < n; i++) {
    const words = Array.from({ length: 20 + Math.floor(rand() * 41) }, word);
    const text = words.join(' ');
    const source = `synthetic/${Math.floor(i / 100)}.md`;
    chunks.push({
      id: `${source}#${i % 100}`,
      source,
      kind: 'markdown',
      hash: source,
      text,
      start: 0,
      end: text.length,
      headings: [],
      tokens: words.length,
    });
  }
  return chunks;
}

export default {
  name: 'rag',
  order: 70,
  description:
    'RAG: lexical/vector/hybrid quality on a labelled docs/ query set, store speed at 10k/100k chunks, embedding vs transformers.js',
  async run({ root, quick }) {
    const cfg = quick ? QUICK : FULL;
    const problems = [];
    const json = {};
    const work = mkdtempSync(join(tmpdir(), 'pocketlm-bench-rag-'));
    const dir = await ensureFixture('tiny-encoder');
    // One thread for both runtimes, so the embedding ratio compares kernels and not thread defaults.
    const embedder = await createEmbedder({
      backend: nodeBackend({ session: { intraOpNumThreads: 1 } }),
      model: dir,
    });
    try {
      const queries = readFileSync(join(root, 'packages', 'rag', 'bench', 'docs-queries.jsonl'), 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l));
      const { documents } = await loadFolder(join(root, 'docs'));
      for (const doc of documents) doc.source = `docs/${doc.source}`; // as the query set names them

      // 1. Real indexing: load → chunk (the encoder's tokenizer) → embed → upsert → save, a fresh store each round.
      progress('  indexing docs/ with tiny-encoder');
      const indexRuns = [];
      let rag;
      for (let round = 0; round < cfg.rounds; round++) {
        const path = join(work, `docs-${round}.store`);
        rag = await createRag({ embedder, path, maxTokens: CHUNK_TOKENS });
        const { value: report, ms: t } = await timed(() => rag.index(documents));
        indexRuns.push({ ms: t, chunks: report.chunks });
      }
      const docChunks = indexRuns[0].chunks;
      const indexMs = median(indexRuns.map((r) => r.ms));
      json.indexing = { documents: documents.length, chunks: docChunks, runs: indexRuns };

      // 2. Quality on the labelled set, over that index.
      progress(`  ${queries.length} labelled queries: lexical, vector, hybrid`);
      const store = rag.store;
      // The same chunks createRag made, to check every label matches some chunk and to count the relevant ones.
      const chunking = await timed(() =>
        documents.flatMap((doc) =>
          chunkDocument(doc, { countTokens: (t) => embedder.countTokens(t), maxTokens: CHUNK_TOKENS }),
        ),
      );
      const chunks = chunking.value;
      if (chunks.length !== docChunks)
        problems.push(`rag: createRag made ${docChunks} chunks, chunkDocument ${chunks.length}`);
      const strategies = {
        'lexical (searchText)': async (q) =>
          (await store.searchText(q.query, { limit: 10 })).map((h) => h.chunk),
        'vector (searchVector)': async (q) =>
          (await store.searchVector(q.vector, { limit: 10 })).map((h) => h.chunk),
        hybrid: (q) => hybridSearch(store, { text: q.query, vector: q.vector, limit: 10 }),
      };
      const vectors = await embedder.embed(queries.map((q) => q.query));
      queries.forEach((q, i) => {
        q.vector = vectors[i];
      });
      const qualityRows = [];
      const perQuery = {};
      for (const [name, search] of Object.entries(strategies)) {
        const scores = [];
        const times = [];
        for (const q of queries) {
          const { value: hits, ms: t } = await timed(() => search(q));
          times.push(t);
          scores.push(score(hits, q.relevant));
        }
        perQuery[name] = scores.map((s, i) => ({ query: queries[i].query, ...s }));
        qualityRows.push({
          retrieval: name,
          'recall@5': pct(mean(scores.map((s) => s.recall))),
          'MRR@10': mean(scores.map((s) => s.rr)).toFixed(3),
          'median ms': ms(median(times)),
        });
      }
      // What random chunks would score: the floor the random-weight vector search should sit on.
      const relevantCounts = queries.map(
        (q) => chunks.filter((c) => q.relevant.some((t) => isRelevant(c, t))).length,
      );
      for (const [i, q] of queries.entries()) {
        for (const t of q.relevant) {
          if (!chunks.some((c) => isRelevant(c, t)))
            problems.push(`rag: no chunk of ${t.source} contains "${t.phrase}" (query ${i + 1})`);
        }
      }
      const chanceScores = queries.map((q, i) =>
        q.relevant.length === 1
          ? chance(chunks.length, relevantCounts[i])
          : { recall: Number.NaN, rr: Number.NaN },
      );
      qualityRows.push({
        retrieval: 'chance (random chunks)',
        'recall@5': pct(mean(chanceScores.map((s) => s.recall))),
        'MRR@10': mean(chanceScores.map((s) => s.rr)).toFixed(3),
        'median ms': '',
      });
      json.indexing.chunkingMs = chunking.ms;
      json.quality = { rows: qualityRows, perQuery, relevantChunks: relevantCounts, chunks: chunks.length };

      // 3. Embedding throughput against transformers.js: the same chunk texts in the same batches of 16, rounds
      // alternating which runtime goes first.
      progress(`  embedding ${chunks.length} chunks: PocketLM vs transformers.js`);
      env.allowRemoteModels = false;
      env.localModelPath = '';
      const peer = await pipeline('feature-extraction', dir, {
        dtype: 'fp32',
        device: 'cpu',
        session_options: { intraOpNumThreads: 1 },
      });
      const texts = chunks.map((c) => c.text);
      const batches = [];
      for (let at = 0; at < texts.length; at += BATCH) batches.push(texts.slice(at, at + BATCH));
      const ours = async () => {
        for (const b of batches) await embedder.embed(b);
      };
      const theirs = async () => {
        for (const b of batches) await peer(b, { pooling: 'mean', normalize: true });
      };
      let worst = 0;
      try {
        // Warm-up, and a check that both compute the same vectors (else the ratio compares different work).
        const a = await embedder.embed(batches[0]);
        const b = (await peer(batches[0], { pooling: 'mean', normalize: true })).tolist();
        a.forEach((v, i) => {
          for (let j = 0; j < v.length; j++) worst = Math.max(worst, Math.abs(v[j] - b[i][j]));
        });
        if (worst > 1e-4) problems.push(`rag: PocketLM and transformers.js embeddings differ by ${worst}`);
        const oursMs = [];
        const theirsMs = [];
        for (let round = 0; round < cfg.rounds; round++) {
          const order = round % 2 ? [theirs, ours] : [ours, theirs];
          for (const fn of order) (fn === ours ? oursMs : theirsMs).push((await timed(fn)).ms);
        }
        json.embedding = { chunks: texts.length, batch: BATCH, oursMs, theirsMs, maxAbsDiff: worst };
      } finally {
        await peer.dispose?.();
      }
      const oursRate = (texts.length / median(json.embedding.oursMs)) * 1000;
      const theirsRate = (texts.length / median(json.embedding.theirsMs)) * 1000;
      const indexRate = (docChunks / indexMs) * 1000;
      const embeddingRows = [
        {
          measure: `embed ${texts.length} docs/ chunks, chunks/s`,
          PocketLM: fmt(oursRate),
          'transformers.js': fmt(theirsRate),
          ratio: ratio(oursRate / theirsRate),
        },
        {
          measure: 'chunk docs/ alone (token counts by the tokenizer), chunks/s',
          PocketLM: fmt((chunks.length / chunking.ms) * 1000),
          'transformers.js': '',
          ratio: '',
        },
        {
          measure: 'index docs/ (chunk, embed, upsert, save), chunks/s',
          PocketLM: fmt(indexRate),
          'transformers.js': '',
          ratio: '',
        },
      ];

      // 4. The store at scale: synthetic chunks (words drawn with the docs' frequencies) and seeded unit vectors.
      const docsText = documents.map((d) => d.text).join('\n');
      const columns = {};
      const scaleJson = {};
      for (const n of cfg.sizes) {
        const chunksN = syntheticChunks(n, wordSampler(docsText, lcg(7)), lcg(11));
        // Queries for the lexical side are the labelled questions: real wording against docs-like term statistics.
        for (const [d, dims] of cfg.dims.entries()) {
          const label = `${n >= 1000 ? `${n / 1000}k` : n} × ${dims}`;
          progress(`  store: ${label}`);
          const rand = lcg(1000 + dims);
          const vecs = chunksN.map(() => unitVector(dims, rand));
          const qvecs = Array.from({ length: cfg.queries }, () => unitVector(dims, rand));
          const path = join(work, `synthetic-${n}-${dims}.store`);
          let st = await createEmbeddedStore({ dimensions: dims, path });
          const upsert = await timed(async () => {
            for (let at = 0; at < n; at += 1000)
              await st.upsert(chunksN.slice(at, at + 1000), vecs.slice(at, at + 1000));
          });
          const save = await timed(() => st.save());
          st = undefined; // let the first copy go before opening the saved one
          const open = await timed(() => openEmbeddedStore(path));
          st = open.value;
          const vector = await latency(qvecs, (q) => st.searchVector(q, { limit: 10 }));
          const byId = new Map(chunksN.map((c, i) => [c.id, vecs[i]]));
          const exact = await latency(qvecs, (q) => exactVectorSearch(byId, q, 10));
          const recall = mean(
            vector.results.map((hits, i) =>
              recallAtK(
                hits.map((h) => h.chunk.id),
                exact.results[i].map((h) => h.id),
                10,
              ),
            ),
          );
          // The lexical index is the same text at every width: time it (and hybrid) on the first width only, and at
          // 100k on a few queries (see the note).
          let text;
          let hybrid;
          if (d === 0) {
            const textQueries = n >= 100_000 ? queries.slice(0, cfg.textQueries100k) : queries;
            if (textQueries.length) {
              // One warm-up at 100k: each query there takes seconds, and the 10k runs already warmed this code.
              text = await latency(
                textQueries,
                (q) => st.searchText(q.query, { limit: 10 }),
                n >= 100_000 ? 1 : 3,
              );
              if (n < 100_000) {
                const paired = textQueries.map((q, i) => ({
                  text: q.query,
                  vector: qvecs[i % qvecs.length],
                }));
                hybrid = await latency(paired, (q) => hybridSearch(st, { ...q, limit: 10 }));
              }
            }
          }
          const bytes = statSync(path).size;
          columns[label] = {
            'upsert, chunks/s': fmt((n / upsert.ms) * 1000),
            'save, s': (save.ms / 1000).toFixed(2),
            'open, s': (open.ms / 1000).toFixed(2),
            'file, MiB': mib(bytes),
            'searchVector p50 / p95, ms': `${ms(vector.p50)} / ${ms(vector.p95)}`,
            'exactVectorSearch p50, ms (reference)': ms(exact.p50),
            'recall@10, searchVector vs exact': recall.toFixed(3),
            'searchText p50 / p95, ms': text ? `${ms(text.p50)} / ${ms(text.p95)}` : '',
            'hybridSearch p50 / p95, ms': hybrid ? `${ms(hybrid.p50)} / ${ms(hybrid.p95)}` : '',
          };
          scaleJson[label] = {
            chunks: n,
            dims,
            upsertMs: upsert.ms,
            saveMs: save.ms,
            openMs: open.ms,
            bytes,
            vectorMs: vector.times,
            exactMs: exact.times,
            recallAt10: recall,
            textMs: text?.times,
            hybridMs: hybrid?.times,
          };
          if (recall < 1) problems.push(`rag: searchVector found ${recall} of the exact top 10 at ${label}`);
          st = undefined;
          rmSync(path, { force: true });
        }
      }
      json.scale = scaleJson;
      const labels = Object.keys(columns);
      const rows = Object.keys(columns[labels[0]]).map((measure) => ({
        measure,
        ...Object.fromEntries(labels.map((l) => [l, columns[l][measure]])),
      }));

      const q100 = cfg.textQueries100k;
      return {
        title: 'RAG: retrieval quality on docs/, store speed at scale, embedding vs transformers.js',
        note:
          `**Quality**: ${queries.length} labelled questions about docs/ (packages/rag/bench/docs-queries.jsonl), ` +
          `over docs/ indexed with the random-weight tiny-encoder (${documents.length} files, ${chunks.length} chunks of ` +
          `≤ ${CHUNK_TOKENS} tokens). A chunk is relevant when it comes from the labelled file and contains the labelled ` +
          'phrase; recall@5 = share of targets with a relevant chunk in the top 5, MRR@10 = mean 1/rank of the first ' +
          'relevant chunk. The encoder has random weights, so vector-only sits at chance and the quality is lexical; ' +
          'hybrid fuses both by reciprocal rank, so its random half can only dilute the lexical ranking.\n\n' +
          `${formatTable(qualityRows)}\n` +
          `**Embedding** (one ORT thread each, the same ${chunks.length} chunk texts in batches of ${BATCH}, median of ` +
          `${cfg.rounds} alternating rounds; vectors agree to ${worst.toExponential(1)}; ratio = PocketLM / ` +
          'transformers.js, higher is faster). Indexing includes chunking with the tokenizer, the store upsert and ' +
          `the save (median of ${cfg.rounds} fresh indexes).\n\n${formatTable(embeddingRows)}\n` +
          `**Store at scale** (the table below): synthetic chunks of 20-60 words drawn with docs/'s word frequencies, ` +
          'seeded random unit vectors at the encoder width (64) and at 384, upserted 1000 at a time into a file-backed ' +
          `store, saved, reopened, then ${cfg.queries} random query vectors and the labelled questions as text ` +
          'queries (after 3 warm-ups). The vector index is an exact flat scan, so recall@10 against ' +
          'exactVectorSearch is 1.000 by construction: the row checks it, it does not measure an approximation. ' +
          'searchText and hybridSearch are timed at the first width only (the text index is the same at every width)' +
          (quick
            ? '.'
            : `; at 100k searchText runs on the first ${q100} questions only (after one warm-up, so its p95 is ` +
              'their maximum) and hybridSearch not at all, to keep the section short (it took seconds per query before ' +
              'stop words, and hybrid ' +
              'costs about searchText + searchVector.'),
        rows,
        json,
        problems,
      };
    } finally {
      await embedder.dispose();
      rmSync(work, { recursive: true, force: true });
    }
  },
};
