import { StopSequenceMatcher } from '@pocketlm/core';

/**
 * Streams a reply's prose and hides its tool calls: text is passed on until a tool-call trigger appears (text that
 * could be the start of one is held back until it is clearly not), and nothing after it.
 */
export class TextUntilTrigger {
  private readonly matcher: StopSequenceMatcher;

  constructor(triggers: readonly string[]) {
    this.matcher = new StopSequenceMatcher([...triggers]);
  }

  /** The text that can be shown now. */
  push(text: string): string {
    if (this.matcher.done) return '';
    return this.matcher.push(text).emit;
  }

  /** Whatever was held back, at the end of the reply. */
  flush(): string {
    return this.matcher.done ? '' : this.matcher.flush();
  }
}
