import pg from 'pg';

export interface WaitSample {
  /** `wait_event_type:wait_event` (or `CPU` when a backend is active and not waiting), with the statement it runs. */
  what: string;
  /** Share of the samples of busy backends, in percent. */
  percent: number;
}

/**
 * Samples pg_stat_activity for one database every `everyMs` while a phase runs, and tells what its busy
 * backends (active, or idle inside a transaction) were doing: waiting on a row lock, on a WAL flush (commit),
 * on the server process for its next statement, or running. A cheap
 * way to see which statement a load queues on without instrumenting the server.
 */
export function sampleWaits(adminUrl: string, database: string, everyMs = 100): { stop(): Promise<{ samples: number; avgBusyBackends: number; top: WaitSample[] }> } {
  const client = new pg.Client({ connectionString: adminUrl });
  const counts = new Map<string, number>();
  let samples = 0;
  let active = 0;
  let stopped = false;
  const loop = (async () => {
    await client.connect();
    while (!stopped) {
      const { rows } = await client.query<{ wait: string | null; query: string }>(
        `select case when state = 'active' then coalesce(wait_event_type || ':' || wait_event, 'CPU') else 'idle in transaction (waits for the server)' end as wait,
                regexp_replace(left(query, 70), '\\s+', ' ', 'g') as query
           from pg_stat_activity where datname = $1 and state in ('active', 'idle in transaction') and pid <> pg_backend_pid()`,
        [database],
      );
      samples++;
      for (const r of rows) {
        active++;
        const key = `${r.wait}  ${r.query}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop.catch(() => {});
      await client.end().catch(() => {});
      const top = [...counts]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([what, n]) => ({ what, percent: Math.round((1000 * n) / Math.max(1, active)) / 10 }));
      return { samples, avgBusyBackends: Math.round((10 * active) / Math.max(1, samples)) / 10, top };
    },
  };
}
