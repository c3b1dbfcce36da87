import { createParser, type EventSourceMessage } from 'eventsource-parser';

/**
 * The events of a `text/event-stream` body, in order, as bytes arrive. Decoding keeps a UTF-8 character split
 * across network chunks whole; parsing (fields, comments, CRLF, multi-line data) is `eventsource-parser`'s.
 * Leaving the loop early cancels the body, which closes the connection, so the server stops generating.
 */
export async function* readServerSentEvents(
  body: ReadableStream<Uint8Array>,
  onBytes?: () => void,
): AsyncGenerator<EventSourceMessage> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const ready: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => ready.push(event) });
  let done = false;
  try {
    while (true) {
      const chunk = await reader.read();
      if (chunk.done) {
        // An event not ended by a blank line is incomplete (a cut connection) and is not dispatched.
        parser.feed(decoder.decode());
        done = true;
      } else {
        onBytes?.();
        parser.feed(decoder.decode(chunk.value, { stream: true }));
      }
      while (ready.length > 0) yield ready.shift() as EventSourceMessage;
      if (done) return;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
