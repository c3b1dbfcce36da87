import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { HttpError } from './http-error.js';

/**
 * Writes server-sent events the way OpenAI streams: `data: <json>` per chunk, `data: [DONE]` at the end, and an
 * error as a `data: {"error": …}` event (the status line has gone out by then). Waits for the socket to drain, so a
 * slow client slows generation instead of buffering it all in memory.
 */
export class SseWriter {
  private _started = false;

  /** Whether the status line and headers have gone out. */
  get started(): boolean {
    return this._started;
  }

  constructor(private readonly res: ServerResponse) {}

  /** Whether the client is gone (nothing more can be written). */
  get closed(): boolean {
    return this.res.destroyed || this.res.writableEnded;
  }

  async send(data: unknown): Promise<void> {
    await this.write(`data: ${JSON.stringify(data)}\n\n`);
  }

  async error(error: HttpError): Promise<void> {
    await this.send(error.toBody());
    this.end();
  }

  /** Sends `data: [DONE]` and ends the response. */
  async done(): Promise<void> {
    await this.write('data: [DONE]\n\n');
    this.end();
  }

  end(): void {
    if (!this.closed) this.res.end();
  }

  private async write(text: string): Promise<void> {
    if (this.closed) return;
    if (!this._started) {
      this._started = true;
      this.res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache',
        Connection: 'keep-alive',
        // Proxies such as nginx would otherwise buffer the stream.
        'X-Accel-Buffering': 'no',
      });
    }
    if (!this.res.write(text)) {
      await Promise.race([once(this.res, 'drain'), once(this.res, 'close')]);
    }
  }
}
