/** What a {@link PlaceholderRestorer} needs from its vault. */
export interface PlaceholderSource {
  restore(text: string): string;
  isPlaceholderPrefix(text: string): boolean;
}

/**
 * Restores placeholders in a model's streamed output. A delta that ends inside what may be a placeholder
 * (`… write to [EMA`) keeps that tail back until the next delta completes or rules it out, so the concatenated
 * output always equals `vault.restore(fullText)`. At most one placeholder's length is ever held back.
 */
export class PlaceholderRestorer {
  readonly #source: PlaceholderSource;
  #held = '';

  constructor(source: PlaceholderSource) {
    this.#source = source;
  }

  /** Restored text that is safe to show now. */
  push(delta: string): string {
    const text = this.#held + delta;
    const open = text.lastIndexOf('[');
    if (open !== -1 && this.#source.isPlaceholderPrefix(text.slice(open))) {
      const complete = text.indexOf(']', open) !== -1;
      if (!complete) {
        this.#held = text.slice(open);
        return this.#source.restore(text.slice(0, open));
      }
    }
    this.#held = '';
    return this.#source.restore(text);
  }

  /** Whatever was held back, at the end of the stream. */
  flush(): string {
    const rest = this.#source.restore(this.#held);
    this.#held = '';
    return rest;
  }
}
