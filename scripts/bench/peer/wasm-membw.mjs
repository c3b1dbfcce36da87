// The machine's memory read bandwidth, for the wasm section's "weight GB/s vs the limit" column: a native streaming
// read (Buffer#indexOf of a byte that is not there, i.e. libc memchr with SIMD) over a buffer far larger than any
// cache, on 1 and on 2 threads at once (worker_threads, each with its own buffer).
// Usage: node peer/wasm-membw.mjs '{"mib":512,"passes":5}'
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const CHUNK = 16 * 2 ** 20;

/**
 * GB/s (1e9 bytes) of reading a `mib` MiB buffer `passes` times in 16 MiB chunks, each chunk timed on its own:
 * the 90th percentile of the chunk rates. On a shared machine a whole pass is always interleaved with other
 * processes; a 2 ms chunk often is not. Chunks come from DRAM: every pass reads the whole buffer, far beyond L3.
 */
function readBandwidth(mib, passes) {
  // Filled with a non-zero byte: a zero-filled (calloc) buffer can map every page to the one shared zero page,
  // which then reads from cache.
  const buf = Buffer.alloc(mib * 2 ** 20, 7);
  const rates = [];
  for (let i = 0; i < passes; i++) {
    for (let at = 0; at < buf.length; at += CHUNK) {
      const chunk = buf.subarray(at, at + CHUNK);
      const t0 = performance.now();
      if (chunk.indexOf(1) !== -1) throw new Error('unexpected byte');
      rates.push(chunk.length / ((performance.now() - t0) / 1000) / 1e9);
    }
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length * 0.9)];
}

/** GB/s of memcpy (bytes read + written) between two buffers of `mib` MiB, best of `passes`. */
function copyBandwidth(mib, passes) {
  const a = Buffer.alloc(mib * 2 ** 20, 7);
  const b = Buffer.alloc(mib * 2 ** 20, 9);
  let best = Infinity;
  for (let i = 0; i < passes; i++) {
    const t0 = performance.now();
    a.copy(b);
    best = Math.min(best, performance.now() - t0);
  }
  return (2 * a.length) / (best / 1000) / 1e9;
}

if (!isMainThread) {
  parentPort.postMessage(readBandwidth(workerData.mib, workerData.passes));
} else {
  const { mib = 512, passes = 5 } = JSON.parse(process.argv[2] ?? '{}');
  const read1 = readBandwidth(mib, passes);
  const copy1 = copyBandwidth(mib, passes);
  // Two readers at once: the aggregate is what two kernel threads could stream together.
  const url = new URL(import.meta.url);
  const two = await Promise.all(
    [0, 1].map(
      () =>
        new Promise((resolve, reject) => {
          const w = new Worker(url, { workerData: { mib: mib / 2, passes } });
          w.once('message', resolve);
          w.once('error', reject);
        }),
    ),
  );
  process.stdout.write(
    `${JSON.stringify({
      method: `Buffer#indexOf (memchr) over ${mib} MiB × ${passes} passes, p90 of 16 MiB chunks; memcpy: best pass, read + write`,
      read1GBs: read1,
      read2GBs: two[0] + two[1],
      copy1GBs: copy1,
      peakRssMB: process.resourceUsage().maxRSS / 1024,
    })}\n`,
  );
}
