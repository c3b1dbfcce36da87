/** Draws one updating progress line on stderr when it is a terminal, and plain lines otherwise. */
export class ProgressReporter {
  private readonly stream: NodeJS.WriteStream;
  private readonly quiet: boolean;
  private lastLabel = '';
  private lastDraw = 0;
  private active = false;

  constructor(options: { quiet?: boolean; stream?: NodeJS.WriteStream } = {}) {
    this.stream = options.stream ?? process.stderr;
    this.quiet = options.quiet ?? false;
  }

  update(label: string, done?: number, total?: number): void {
    if (this.quiet) return;
    const now = Date.now();
    const finished = total !== undefined && done === total;
    if (label === this.lastLabel && now - this.lastDraw < 100 && !finished) return;
    this.lastDraw = now;
    const pct = total ? ` ${Math.floor(((done ?? 0) / total) * 100)}%` : '';
    const size = total && total > 1024 * 1024 ? ` (${mb(done ?? 0)}/${mb(total)} MB)` : '';
    const line = `${label}${pct}${size}`;
    if (this.stream.isTTY) {
      this.stream.write(`\r\x1b[2K${line}`);
      this.active = true;
    } else if (label !== this.lastLabel || finished) {
      this.stream.write(`${line}\n`);
    }
    this.lastLabel = label;
  }

  /** Ends the progress line so normal output starts on a clean line. */
  done(): void {
    if (this.active && this.stream.isTTY) this.stream.write('\r\x1b[2K');
    this.active = false;
    this.lastLabel = '';
  }
}

function mb(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}
