/** The minimal stream surface used: the SDK types its stderr as a bare `Stream`. */
interface DataStream {
  on(event: 'data', listener: (chunk: unknown) => void): unknown;
  once(event: 'end' | 'close', listener: () => void): unknown;
}

/**
 * Keeps the last few kilobytes of a server's stderr, so a failure can say why the server died. The stream is read
 * continuously, which also keeps a chatty server from blocking on a full pipe.
 */
export class StderrTail {
  private text = '';
  private readonly decoder = new TextDecoder();
  private readonly ended: Promise<void>;

  constructor(
    stream: DataStream | null,
    onText?: (text: string) => void,
    private readonly maxChars = 4096,
  ) {
    if (!stream) {
      this.ended = Promise.resolve();
      return;
    }
    stream.on('data', (chunk) => {
      const piece =
        typeof chunk === 'string' ? chunk : this.decoder.decode(chunk as Uint8Array, { stream: true });
      this.text = (this.text + piece).slice(-this.maxChars);
      onText?.(piece);
    });
    this.ended = new Promise((resolve) => {
      stream.once('end', resolve);
      stream.once('close', resolve);
    });
  }

  /** Waits (briefly) until the stream has ended, so output written just before an exit is included. */
  async settle(maxWaitMs = 250): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      this.ended,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, maxWaitMs))),
    ]);
    clearTimeout(timer);
  }

  /** The last `maxLines` non-empty lines. */
  tail(maxLines = 20): string {
    const lines = this.text.split(/\r?\n/).filter((line) => line.trim() !== '');
    return lines.slice(-maxLines).join('\n');
  }
}
