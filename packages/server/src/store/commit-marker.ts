import { AsyncLocalStorage } from 'node:async_hooks';
import type { Transaction } from 'kysely';
import type { Database } from './schema.ts';

type Marker = { write: (tx: Transaction<Database>) => Promise<void>; written: boolean };

const markers = new AsyncLocalStorage<Marker>();

/**
 * Runs `fn` so that the first transaction it commits also runs `write`, atomically with its own changes.
 * Idempotency uses it to record "this request took effect" in the very commit that made the effect.
 */
export function withCommitMarker<T>(write: Marker['write'], fn: () => Promise<T>): Promise<T> {
  return markers.run({ write, written: false }, fn);
}

/** Whether the work running now must still record its commit marker: its next write needs a transaction. */
export function commitMarkerPending(): boolean {
  const marker = markers.getStore();
  return marker !== undefined && !marker.written;
}

/** Called by the store inside every transaction, just before commit. */
export async function writeCommitMarker(tx: Transaction<Database>): Promise<void> {
  const marker = markers.getStore();
  if (!marker || marker.written) return;
  await marker.write(tx);
  marker.written = true;
}
