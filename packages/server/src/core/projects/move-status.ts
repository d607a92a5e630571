import type { Capabilities } from '../../store/capabilities.ts';
import type { Tx } from '../../store/store.ts';
import { bumpCounters } from './project-counters.ts';

/** Keeps the status counters true when a task moves from one status to another. */
export async function moveStatus(tx: Tx, caps: Capabilities, projectId: string, from: string, to: string, extra: Record<string, number> = {}): Promise<void> {
  if (from === to && Object.keys(extra).length === 0) return;
  await bumpCounters(tx, caps, projectId, from === to ? extra : { [from]: -1, [to]: 1, ...extra });
}
