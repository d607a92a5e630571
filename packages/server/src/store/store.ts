import type { Kysely, Transaction } from 'kysely';
import type { Capabilities } from './capabilities.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database> | Kysely<Database>;

/**
 * The store port the core talks to: a dialect-neutral query builder, the backend's named capabilities,
 * and transactions. Nothing above this line knows which database is underneath.
 */
export interface Store {
  readonly db: Db;
  readonly caps: Capabilities;
  /** Runs `fn` in one transaction; everything it writes commits together or not at all. */
  transaction<T>(fn: (tx: Transaction<Database>) => Promise<T>): Promise<T>;
  /**
   * Runs `fn`, which writes with one statement: in a transaction where the store needs one for it (SQLite's
   * writers take turns through them; a request whose first commit must also mark its Idempotency-Key), on
   * its own otherwise, saving BEGIN and COMMIT.
   */
  statement<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** True when the store answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
