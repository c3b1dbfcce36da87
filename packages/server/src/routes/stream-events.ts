import { SseWriter } from '../http/sse-writer.js';
import { toHttpError } from '../http/to-http-error.js';
import type { RouteContext } from './route-context.js';

/**
 * Streams a turn's events over SSE. The first event is awaited before the status line goes out, so a request
 * that fails up front (context overflow, a bad constraint) still gets its proper HTTP status; a failure later is
 * an `error` event. A client that disconnects aborts `ctx.signal`, which stops the generation; the iterator is
 * closed either way, which frees the request's KV.
 */
export async function streamEvents<E>(
  ctx: RouteContext,
  events: AsyncIterable<E>,
  write: { start(sse: SseWriter): Promise<void>; event(sse: SseWriter, event: E): Promise<void> },
): Promise<void> {
  const iterator = events[Symbol.asyncIterator]();
  const sse = new SseWriter(ctx.res);
  try {
    let next = await iterator.next();
    // The opening chunk(s) and the first event leave in one packet.
    ctx.res.cork();
    const opening = write.start(sse).then(() => (next.done ? undefined : write.event(sse, next.value)));
    process.nextTick(() => ctx.res.uncork());
    await opening;
    if (!next.done) next = await iterator.next();
    while (!next.done) {
      if (sse.closed) return;
      await write.event(sse, next.value);
      next = await iterator.next();
    }
    await sse.done();
  } catch (error) {
    if (!sse.started) throw error;
    if (!sse.closed) await sse.error(toHttpError(error));
  } finally {
    await iterator.return?.();
  }
}
