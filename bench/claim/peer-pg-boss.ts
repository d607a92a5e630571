import { PgBoss } from 'pg-boss';
import pg from 'pg';
import { timedLoop, type LoopResult } from './loop.ts';

export interface PeerSettings {
  jobs: number;
  workers: number;
  /** Connections in pg-boss's pool: the same as the Minga server's PostgreSQL pool, for a like-for-like run. */
  poolSize: number;
  warmupMs: number;
  measureMs: number;
}

export interface PeerResult extends LoopResult {
  library: string;
  insertMs: number;
  /** Jobs by state afterwards, counted in pg-boss's job table: `completed` must equal totalCycles. */
  states: Record<string, number>;
  verified: boolean;
}

const QUEUE = 'bench-claim';

/**
 * The peer: pg-boss, a PostgreSQL job queue built on FOR UPDATE SKIP LOCKED. `workers` concurrent loops
 * each fetch one job and complete it, the queue's equivalent of a helper's claim → submit. Runs in this
 * process (pg-boss is a library), against its own database on the same cluster. Maintenance and the
 * scheduler are off so that nothing but fetch → complete runs during the window.
 */
export async function runPgBoss(
  url: string,
  s: PeerSettings,
  jobData: (i: number) => object,
  log: (line: string) => void,
  window: { onStart?: () => void; onEnd?: () => void } = {},
): Promise<PeerResult> {
  const boss = new PgBoss({ connectionString: url, max: s.poolSize, supervise: false, schedule: false, migrate: true });
  boss.on('error', (error: unknown) => log(`  pg-boss error: ${error instanceof Error ? error.message : String(error)}`));
  await boss.start();
  try {
    await boss.createQueue(QUEUE);
    const t0 = performance.now();
    for (let done = 0; done < s.jobs; done += 5_000) {
      const n = Math.min(5_000, s.jobs - done);
      await boss.insert(QUEUE, Array.from({ length: n }, (_, i) => ({ data: jobData(done + i) })));
    }
    const insertMs = performance.now() - t0;
    log(`  pg-boss: ${s.jobs.toLocaleString('en-US')} jobs inserted in ${(insertMs / 1000).toFixed(1)} s; ${s.workers} workers fetch → complete`);

    const loop = await timedLoop({
      workers: s.workers,
      warmupMs: s.warmupMs,
      measureMs: s.measureMs,
      ...(window.onStart ? { onMeasureStart: window.onStart } : {}),
      cycle: async () => {
        try {
          const t = performance.now();
          const [job] = await boss.fetch(QUEUE);
          const firstMs = performance.now() - t;
          if (!job) return { kind: 'empty' };
          await boss.complete(QUEUE, job.id);
          return { kind: 'done', firstMs };
        } catch (error) {
          return { kind: 'error', detail: error instanceof Error ? error.message : String(error) };
        }
      },
    });
    // While pg-boss's connections, and so their PostgreSQL backends, are still there to be measured.
    window.onEnd?.();
    const states = await jobStates(url);
    const verified = loop.errors === 0 && states.completed === loop.totalCycles && (states.created ?? 0) === s.jobs - loop.totalCycles;
    return { library: `pg-boss ${await version()}`, insertMs, states, verified, ...loop };
  } finally {
    await boss.stop({ graceful: false, close: true, timeout: 5_000 });
  }
}

async function jobStates(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ state: string; n: string }>('select state::text, count(*) as n from pgboss.job where name = $1 group by state', [QUEUE]);
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  } finally {
    await client.end();
  }
}

async function version(): Promise<string> {
  try {
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    return (require('pg-boss/package.json') as { version: string }).version;
  } catch {
    return '?';
  }
}
