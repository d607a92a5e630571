import type { Capabilities } from '../capabilities.ts';

/**
 * Makes a read inside a transaction lock the rows it finds, where transactions write at once (`rowLocks`):
 * every decision taken on them then holds until commit, and a concurrent change waits, then reads what this
 * one left. It takes the lock an UPDATE of the rows takes, early, so inserts that refer to them go on.
 * Where one transaction writes at a time the read is current anyway and is left as it is.
 */
export function lockToChange<Q extends { forNoKeyUpdate(): Q }>(query: Q, caps: Capabilities): Q {
  return caps.rowLocks ? query.forNoKeyUpdate() : query;
}
