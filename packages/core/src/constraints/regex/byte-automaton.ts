/** The state `step` returns once no continuation can match. */
export const DEAD = -1;

/**
 * A deterministic automaton over bytes: what the token masker walks. States are small integers; `DEAD` (-1)
 * absorbs every byte. Implementations only hand out states from which acceptance is still reachable.
 */
export interface ByteAutomaton {
  readonly start: number;
  step(state: number, byte: number): number;
  isAccepting(state: number): boolean;
}
