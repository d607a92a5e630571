import { AsyncLocalStorage } from 'node:async_hooks';
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.ts';
import { closeDirect, openDirect, runDirect } from './direct-sqlite.ts';
import type { NodeSqliteDatabase } from './node-sqlite-database.ts';
import type { ThreadWriteLock } from './thread-write-lock.ts';

type Work<T> = (tx: Transaction<Database>) => Promise<T>;

interface Job {
  run: Work<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** Set once the job's own work succeeded; it is acknowledged only when the batch commits. */
  done?: { value: unknown };
  failed?: boolean;
}

/** Bounds the batch so that one commit never waits on an unbounded queue. */
const MAX_JOBS_PER_COMMIT = 128;

/** With several threads writing, how often one checkpoints the WAL after its turn (see drain). */
const CHECKPOINT_EVERY_MS = 250;
const CHECKPOINT = CompiledQuery.raw('pragma wal_checkpoint(passive)');
const SAVEPOINT = CompiledQuery.raw('savepoint minga_job');
const RELEASE = CompiledQuery.raw('release minga_job');
const ROLLBACK_TO = CompiledQuery.raw('rollback to minga_job');

/**
 * Group commit for a store with one connection (SQLite). Transactions already run one after another on it;
 * most of a small transaction's cost is its commit, which writes every page it touched to the WAL. So the
 * transactions that queue up while one runs are run together in the next database transaction, each inside
 * its own savepoint: a job that fails rolls back to its savepoint and fails alone, the others commit
 * together. Nobody is answered before the commit that holds their changes, so nothing acknowledged is lost;
 * when the commit fails, every job of the batch fails with it.
 *
 * There is no waiting for company beyond the current turn of the event loop: a batch holds the work that
 * arrived in that turn, or while the previous batch ran. When several threads of the process have their own
 * connection to the file, a batch first waits for the thread's turn on `lock`. Given the connection itself
 * (`direct`), the batch's statements may run on it without Kysely's asynchronous layers (direct-sqlite.ts).
 */
export function groupCommit(
  db: Kysely<Database>,
  beforeCommit: (tx: Transaction<Database>) => Promise<void>,
  lock?: ThreadWriteLock,
  direct?: NodeSqliteDatabase,
): <T>(fn: Work<T>) => Promise<T> {
  const queue: Job[] = [];
  let draining = false;
  let scheduled = false;
  let lastCheckpoint = Date.now();

  async function runBatch(batch: Job[]): Promise<void> {
    try {
      await db.transaction().execute(async (tx) => {
        const run = async (query: CompiledQuery) => {
          if (direct) runDirect(direct, query.sql, query.parameters);
          else await tx.executeQuery(query);
        };
        if (direct) openDirect(tx, direct);
        try {
          for (const job of batch) {
            await run(SAVEPOINT);
            try {
              const value = await job.run(tx);
              await run(RELEASE);
              job.done = { value };
            } catch (error) {
              job.failed = true;
              job.reject(error);
              // Undo this job only; the savepoint stays open until released.
              await run(ROLLBACK_TO);
              await run(RELEASE);
            }
          }
        } finally {
          closeDirect(tx);
        }
      });
    } catch (error) {
      for (const job of batch) if (!job.failed) job.reject(error);
      return;
    }
    for (const job of batch) if (job.done) job.resolve(job.done.value);
  }

  async function drain(): Promise<void> {
    draining = true;
    try {
      while (queue.length > 0) {
        if (lock) await lock.acquire();
        try {
          await runBatch(queue.splice(0, MAX_JOBS_PER_COMMIT));
        } finally {
          lock?.release();
        }
        // A checkpoint inside a commit (SQLite's automatic one) would keep every thread from writing while
        // it copies pages and syncs the file. After the turn, a passive one lets the others write meanwhile.
        // It waits for the next turn of the event loop: the batch's callers resume through promise callbacks,
        // and their answers would otherwise go out only after the checkpoint's tens of milliseconds.
        if (lock && Date.now() - lastCheckpoint > CHECKPOINT_EVERY_MS) {
          lastCheckpoint = Date.now();
          await new Promise((resolve) => setImmediate(resolve));
          await db.executeQuery(CHECKPOINT).catch(() => {});
        }
      }
    } finally {
      draining = false;
    }
  }

  return <T>(fn: Work<T>) =>
    new Promise<T>((resolve, reject) => {
      // The work runs later, from the batch; it keeps the caller's async context (request-scoped state such
      // as the idempotency commit marker lives there).
      const run = AsyncLocalStorage.bind(async (tx: Transaction<Database>) => {
        const value = await fn(tx);
        await beforeCommit(tx);
        return value;
      });
      queue.push({ run, resolve: resolve as (value: unknown) => void, reject });
      if (!draining && !scheduled) {
        // A transaction on node:sqlite never yields to the event loop, so requests only queue up between
        // turns of the loop: start after the requests that arrived in this turn have had their say.
        scheduled = true;
        setImmediate(() => {
          scheduled = false;
          void drain();
        });
      }
    });
}
