import type { NormalizedTask } from '@minga/api-contracts';

/** Control and infinite-overlap tasks: every eligible helper may take them, once each. */
export const INFINITE_SLOTS = 1_000_000_000;

export const isControlTask = (t: Pick<NormalizedTask, 'known_solutions'>): boolean => t.known_solutions.length > 0;

/** How many leases a new task may hand out before any answer is in. */
export function initialSlots(t: NormalizedTask): number {
  if (isControlTask(t) || t.infinite_overlap) return INFINITE_SLOTS;
  if (t.type !== 'form' && t.consensus_strategy === 'any_first') return 1;
  if (t.type !== 'form' && t.consensus_strategy === 'quorum') return Math.min(t.quorum ?? 1, t.max_overlap);
  return t.overlap;
}
