import type { GuardSpan } from '../policy/guard-check.js';
import { mergeSpans } from './merge-spans.js';
import { PlaceholderRestorer } from './placeholder-restorer.js';

// The placeholders a vault writes: `[EMAIL_1]`, `[CARD_NUMBER_2]`. Bounded, so scanning for them is linear.
const PLACEHOLDER = /\[[A-Z][A-Z0-9_]{0,62}\]/g;

function labelPart(label: string): string {
  const part = label
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[A-Z]/.test(part) ? part.slice(0, 48) : `PII_${part}`.slice(0, 48);
}

/**
 * Reversible redaction: replaces spans with placeholders such as `[EMAIL_1]` and remembers what they stood for,
 * so the originals can be put back into a model's answer where the policy allows it. Within one vault the same
 * value always gets the same placeholder (the model can still tell two people apart, and refer back to one).
 * A vault holds personal data in memory: keep one per conversation and {@link PiiVault.clear} it after.
 */
export class PiiVault {
  readonly #placeholderByValue = new Map<string, string>();
  readonly #valueByPlaceholder = new Map<string, string>();
  readonly #countByLabel = new Map<string, number>();

  /** How many distinct values the vault holds. */
  get size(): number {
    return this.#valueByPlaceholder.size;
  }

  /**
   * The placeholder for `value` (found as `label`), issuing a new one on first sight. A new placeholder skips
   * those in `avoid` (the placeholder-like strings already in the text), so a user's literal `[EMAIL_1]` is
   * never mistaken for one.
   */
  placeholderFor(label: string, value: string, avoid: ReadonlySet<string> = new Set()): string {
    const known = this.#placeholderByValue.get(value);
    if (known !== undefined) return known;
    const part = labelPart(label);
    let n = this.#countByLabel.get(part) ?? 0;
    let placeholder: string;
    do placeholder = `[${part}_${++n}]`;
    while (avoid.has(placeholder) || this.#valueByPlaceholder.has(placeholder));
    this.#countByLabel.set(part, n);
    this.#placeholderByValue.set(value, placeholder);
    this.#valueByPlaceholder.set(placeholder, value);
    return placeholder;
  }

  /** The original behind `placeholder`, if this vault issued it. */
  lookup(placeholder: string): string | undefined {
    return this.#valueByPlaceholder.get(placeholder);
  }

  /** `text` with each span (overlaps merged) replaced by its value's placeholder. */
  redact(text: string, spans: readonly GuardSpan[]): string {
    let out = '';
    let at = 0;
    const merged = mergeSpans(spans);
    const avoid = merged.length > 0 ? new Set(text.match(PLACEHOLDER)) : new Set<string>();
    for (const span of merged) {
      const start = Math.max(span.start, at);
      const end = Math.min(span.end, text.length);
      if (end <= start) continue;
      out += text.slice(at, start) + this.placeholderFor(span.label, text.slice(start, end), avoid);
      at = end;
    }
    return out + text.slice(at);
  }

  /** `text` with every placeholder this vault issued replaced by its original; other brackets are left alone. */
  restore(text: string): string {
    if (this.#valueByPlaceholder.size === 0) return text;
    return text.replace(
      PLACEHOLDER,
      (placeholder) => this.#valueByPlaceholder.get(placeholder) ?? placeholder,
    );
  }

  /**
   * Whether `text` (which starts with `[`) could still grow into a placeholder this vault issued: a streaming
   * restorer holds such a tail back until the next delta decides it.
   */
  isPlaceholderPrefix(text: string): boolean {
    for (const placeholder of this.#valueByPlaceholder.keys()) if (placeholder.startsWith(text)) return true;
    return false;
  }

  /** A restorer for a model's streamed output: placeholders split across deltas are restored whole. */
  restorer(): PlaceholderRestorer {
    return new PlaceholderRestorer(this);
  }

  /** Forgets every value. */
  clear(): void {
    this.#placeholderByValue.clear();
    this.#valueByPlaceholder.clear();
    this.#countByLabel.clear();
  }
}
