import { PocketLMError } from '../errors/pocketlm-error.js';

/** How much memory a scheduler may let its running sequences' KV caches take. */
export interface MemoryBudget {
  /** Total bytes available to the model: weights, working memory and every running sequence's KV. */
  bytes: number;
  /** KV bytes one token takes (`kvBytesPerToken(layout, policy)`; `2 × layers × kvHeads × headDim × 4` for a full f32 cache). */
  bytesPerToken: number;
  /** Bytes taken before any sequence runs: weights plus working memory (default 0). */
  reservedBytes?: number;
}

/** What one sequence's KV costs, when it differs from the budget's default policy. */
export interface KVCost {
  /** KV bytes per token under the sequence's own cache policy. */
  bytesPerToken?: number;
  /** The most its cache ever holds (a capped policy). */
  maxHeldBytes?: number;
  /** More bytes per token held elsewhere (a draft model's KV). */
  extraPerToken?: number;
}

function checkNonNegative(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      `memoryBudget.${name} must be a finite number ≥ 0, got ${value}.`,
    );
  }
}

/**
 * Books KV reservations against a {@link MemoryBudget}. A sequence reserves its whole lifetime's KV up front, so
 * admission can queue it instead of letting it run out of memory half way.
 */
export class MemoryLedger {
  readonly budget: Readonly<Required<MemoryBudget>>;
  private used = 0;

  /** Throws `MEMORY_BUDGET_EXCEEDED` when the budget does not even hold `reservedBytes`. */
  constructor(budget: MemoryBudget) {
    const reservedBytes = budget.reservedBytes ?? 0;
    checkNonNegative('bytes', budget.bytes);
    checkNonNegative('reservedBytes', reservedBytes);
    checkNonNegative('bytesPerToken', budget.bytesPerToken);
    if (budget.bytesPerToken === 0) {
      throw new PocketLMError('INVALID_OPTIONS', 'memoryBudget.bytesPerToken must be greater than 0.');
    }
    if (budget.bytes < reservedBytes) {
      throw new PocketLMError(
        'MEMORY_BUDGET_EXCEEDED',
        `The memory budget of ${budget.bytes} bytes is smaller than the ${reservedBytes} bytes the model needs ` +
          'for weights and working memory.',
        { details: { budgetBytes: budget.bytes, reservedBytes } },
      );
    }
    this.budget = { bytes: budget.bytes, bytesPerToken: budget.bytesPerToken, reservedBytes };
  }

  /** Bytes left for KV once weights and working memory are taken. */
  get capacity(): number {
    return this.budget.bytes - this.budget.reservedBytes;
  }

  /** Bytes reserved by running sequences now. */
  get reserved(): number {
    return this.used;
  }

  /**
   * Bytes a sequence of `tokens` books: its KV at `bytesPerToken` (the cache's own figure, else the budget's),
   * at most `maxHeldBytes` for a capped cache, plus `extraPerToken` each (a draft model's KV).
   */
  bytesFor(tokens: number, cost: KVCost = {}): number {
    const perToken = cost.bytesPerToken ?? this.budget.bytesPerToken;
    const kv = Math.min(tokens * perToken, cost.maxHeldBytes ?? Number.POSITIVE_INFINITY);
    return kv + tokens * (cost.extraPerToken ?? 0);
  }

  /** Throws `MEMORY_BUDGET_EXCEEDED` when `tokens` could not be held even with nothing else running. */
  checkCouldFit(tokens: number, cost: KVCost = {}): void {
    const requestedBytes = this.bytesFor(tokens, cost);
    if (requestedBytes <= this.capacity) return;
    throw new PocketLMError(
      'MEMORY_BUDGET_EXCEEDED',
      `The request needs ${requestedBytes} bytes of KV cache for ${tokens} tokens, ` +
        `more than the ${this.capacity} bytes the memory budget leaves after weights and working memory.`,
      {
        details: {
          tokens,
          requestedBytes,
          availableBytes: this.capacity,
          budgetBytes: this.budget.bytes,
          reservedBytes: this.budget.reservedBytes,
          bytesPerToken: cost.bytesPerToken ?? this.budget.bytesPerToken,
        },
      },
    );
  }

  /** Whether `bytes` more fit next to what is reserved now. */
  fits(bytes: number): boolean {
    return this.used + bytes <= this.capacity;
  }

  reserve(bytes: number): void {
    this.used += bytes;
  }

  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}
