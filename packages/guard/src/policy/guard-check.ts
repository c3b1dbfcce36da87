/** Where in a conversation a check looks. */
export type GuardStage = 'input' | 'output' | 'tool-result' | 'retrieved';

/**
 * What to do about what a check found: let it through, replace the spans with placeholders, refuse, or ask the
 * application (`onAsk`) before going on.
 */
export type GuardAction = 'allow' | 'redact' | 'block' | 'ask';

/** A stretch of the checked text, in UTF-16 offsets (`text.slice(start, end)`), and what it is. */
export interface GuardSpan {
  start: number;
  end: number;
  /** What was found: `email`, `card-number`, `instruction-override`, … */
  label: string;
}

/** One check's verdict on one text. */
export interface GuardDecision {
  check: string;
  stage: GuardStage;
  action: GuardAction;
  /** Why, in a sentence a log reader understands. */
  reason: string;
  spans: GuardSpan[];
  /** A classifier's probability or a rule's weight, when the check has one. */
  score?: number;
}

/** What a check is told besides the text. */
export interface GuardCheckContext {
  stage: GuardStage;
  signal?: AbortSignal;
}

/**
 * A check: looks at a text and returns what it found. A check that finds nothing returns an `allow` decision
 * with no spans (or `undefined`). Checks must run in time linear in the text (no backtracking blow-ups).
 */
export interface GuardCheck {
  readonly name: string;
  /** The stages it runs at (default: the policy decides). */
  readonly stages: readonly GuardStage[];
  check(
    text: string,
    context: GuardCheckContext,
  ): GuardDecision | undefined | Promise<GuardDecision | undefined>;
}
