import type { Capabilities } from '../../store/capabilities.ts';
import type { Tx } from '../../store/store.ts';
import { bumpCounters, type CounterDelta } from './project-counters.ts';

/** The status counters' change when a task moves from one status to another (with `extra` besides). */
export function statusMove(from: string, to: string, extra: Record<string, number> = {}): CounterDelta {
  return from === to ? extra : { [from]: -1, [to]: 1, ...extra };
}

/** Keeps the status counters true when a task moves from one status to another. */
export async function moveStatus(tx: Tx, caps: Capabilities, projectId: string, from: string, to: string, extra: Record<string, number> = {}): Promise<void> {
  await bumpCounters(tx, caps, projectId, statusMove(from, to, extra));
}
