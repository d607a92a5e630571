import { Migrator, type Kysely, type MigrationProvider } from 'kysely';
import type { Capabilities } from './capabilities.ts';
import { MIGRATIONS } from './migrations/index.ts';

/**
 * Applies every pending migration, in order. Kysely's migrator takes a lock, so several processes
 * starting at once on one PostgreSQL apply each migration exactly once.
 */
export async function migrate(db: Kysely<unknown>, caps: Capabilities, upTo?: string): Promise<void> {
  const provider: MigrationProvider = {
    getMigrations: async () =>
      Object.fromEntries(MIGRATIONS.map((m) => [m.name, { up: (d: Kysely<unknown>) => m.up(d, caps) }])),
  };
  const migrator = new Migrator({ db, provider, migrationTableName: 'minga_migrations', migrationLockTableName: 'minga_migrations_lock' });
  const { error, results } = await (upTo === undefined ? migrator.migrateToLatest() : migrator.migrateTo(upTo));
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
