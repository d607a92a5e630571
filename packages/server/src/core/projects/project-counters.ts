import { sql } from 'kysely';
import { TASK_STATUSES } from '@minga/api-contracts';
import type { Capabilities } from '../../store/capabilities.ts';
import { runSql } from '../../store/queries/run-sql.ts';
import type { Statement } from '../../store/queries/run-sql-batch.ts';
import type { Tx } from '../../store/store.ts';
import type { Store } from '../../store/store.ts';
import type { Principal } from '../principal.ts';
import { findProject } from './find-project.ts';

type Counter = 'total' | (typeof TASK_STATUSES)[number] | 'answers' | 'agreement_count' | 'agreement_sum';
export type CounterDelta = Partial<Record<Counter, number>>;

/**
 * Adds `delta` to a project's counters in the caller's transaction, on the shard row of the transaction's
 * connection (`caps.counterShardSql`): concurrent transactions on PostgreSQL do not wait on one another's
 * counters, and all the bumps of one transaction land on the one row it locked first, so two transactions
 * never lock counter rows in opposite orders.
 */
export async function bumpCounters(tx: Tx, caps: Capabilities, projectId: string, delta: CounterDelta): Promise<void> {
  const bump = bumpCountersStatement(caps, projectId, delta);
  if (bump) await runSql(tx, caps, bump.text, bump.params);
}

/** bumpCounters as one write of a batch (store/queries/run-sql-batch.ts); null when `delta` changes nothing. */
export function bumpCountersStatement(caps: Capabilities, projectId: string, delta: CounterDelta): Statement | null {
  const entries = Object.entries(delta).filter(([, v]) => v !== 0) as [Counter, number][];
  if (entries.length === 0) return null;
  const columns = entries.map(([k]) => k);
  return { text: bumpText(caps, columns), params: [projectId, ...entries.map(([, v]) => v)] };
}

const bumpTexts = new Map<string, string>();
function bumpText(caps: Capabilities, columns: Counter[]): string {
  const key = `${caps.dialect}:${columns.join(',')}`;
  let text = bumpTexts.get(key);
  if (text === undefined) {
    text =
      `insert into project_counters (project_id, shard, ${columns.join(',')}) values (?, ${caps.counterShardSql}, ${columns.map(() => '?').join(', ')}) ` +
      `on conflict (project_id, shard) do update set ${columns.map((c) => `${c} = project_counters.${c} + excluded.${c}`).join(', ')}`;
    bumpTexts.set(key, text);
  }
  return text;
}

/**
 * Status counts, answers, last-hour throughput and mean agreement of the project's live tasks (test-mode
 * tasks are not counted): a fixed number of rows read.
 */
export async function projectStats(store: Store, p: Principal, projectId: string) {
  await findProject(store.db, p, projectId);
  const sums = await store.db
    .selectFrom('project_counters')
    .select((eb) => [
      ...(['total', ...TASK_STATUSES, 'answers', 'agreement_count', 'agreement_sum'] as const).map((c) =>
        eb.fn.coalesce(eb.fn.sum<number>(c), sql<number>`0`).as(c),
      ),
    ])
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  const hour = new Date(Date.now() - 3_600_000).toISOString().slice(0, 13);
  const recent = await store.db
    .selectFrom('project_hourly_shards')
    .select((eb) => [eb.fn.coalesce(eb.fn.sum<number>('completed'), sql<number>`0`).as('completed'), eb.fn.coalesce(eb.fn.sum<number>('answers'), sql<number>`0`).as('answers')])
    .where('project_id', '=', projectId)
    .where('hour', '>=', hour)
    .executeTakeFirstOrThrow();
  const since = new Date(Date.now() - 23 * 3_600_000).toISOString().slice(0, 13);
  const hourly = await store.db
    .selectFrom('project_hourly_shards')
    .select((eb) => ['hour', eb.fn.sum<number>('answers').as('answers'), eb.fn.sum<number>('completed').as('completed')])
    .where('project_id', '=', projectId)
    .where('hour', '>=', since)
    .groupBy('hour')
    .orderBy('hour')
    .execute();
  const n = Number(sums.agreement_count);
  return {
    project_id: projectId,
    tasks: Object.fromEntries(['total', ...TASK_STATUSES].map((s) => [s, Number(sums[s as Counter])])) as Record<'total' | (typeof TASK_STATUSES)[number], number>,
    answers: Number(sums.answers),
    throughput: {
      completed_last_hour: Number(recent.completed),
      answers_last_hour: Number(recent.answers),
      hourly: hourly.map((h) => ({ hour: h.hour, answers: Number(h.answers), completed: Number(h.completed) })).filter((h) => h.answers > 0 || h.completed > 0),
    },
    agreement: n > 0 ? Number(sums.agreement_sum) / n : null,
  };
}
