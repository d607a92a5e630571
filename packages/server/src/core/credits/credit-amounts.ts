import type { TaskSpec } from '../tasks/task-view.ts';

/**
 * Credits are kept as integer micro-credits, so that every movement sums to exactly zero; the API shows
 * them as credits.
 */
export const MICRO = 1_000_000;

export const toMicro = (credits: number): number => Math.round(credits * MICRO);
export const toCredits = (micro: number): number => micro / MICRO;

/** The platform's share of the work a task pays for: 20 %, and at least one credit. */
export function feeFor(workMicro: number): number {
  return Math.max(MICRO, Math.round(workMicro * 0.2));
}

/**
 * What creating a task sets aside: its reward for every answer it may take (`max_overlap` when larger than
 * `overlap`, since `dynamic` and ties may ask for more) plus the fee on that. Control tasks (their answers
 * score helpers, they are not work) and tasks of unbounded overlap are not charged: nothing is reserved.
 */
export function reservationFor(spec: Pick<TaskSpec, 'reward' | 'overlap' | 'max_overlap' | 'infinite_overlap' | 'known_solutions'>): number {
  if (spec.infinite_overlap || spec.known_solutions.length > 0) return 0;
  const answers = Math.max(spec.overlap, spec.max_overlap ?? 0);
  const work = toMicro(spec.reward) * answers;
  return work + feeFor(work);
}

/** What a task costs once `accepted` answers are paid: their rewards plus the fee, none when none is paid. */
export function settlementFor(spec: Pick<TaskSpec, 'reward'>, accepted: number): { work: number; fee: number } {
  const work = toMicro(spec.reward) * accepted;
  return { work, fee: accepted > 0 ? feeFor(work) : 0 };
}
