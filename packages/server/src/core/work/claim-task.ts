import type { Capabilities } from '../../store/capabilities.ts';
import { runSql } from '../../store/queries/run-sql.ts';
import { runSqlBatch } from '../../store/queries/run-sql-batch.ts';
import type { Store, Tx } from '../../store/store.ts';
import { DomainError, notFound } from '../domain-error.ts';
import { eventsStatement } from '../events/append-events.ts';
import { SKILL_LEVEL_SQL, skillOf } from '../helpers/skill-level.ts';
import { newId } from '../ids.ts';
import { statusMove } from '../projects/move-status.ts';
import { bumpCountersStatement } from '../projects/project-counters.ts';
import { qualityRulesOf } from '../projects/quality-rules-of.ts';
import type { Principal } from '../principal.ts';
import type { TaskRow, TaskSpec } from '../tasks/task-view.ts';
import { assignmentView, type AssignmentView } from './assignment-view.ts';
import { ASSIGNMENT_COLUMNS } from './work-columns.ts';

interface WorkProject {
  id: string;
  level: number;
  controlRate: number;
}

/**
 * The open projects a person may work on now (or just `onlyProjectId`), with their skill level in each: one
 * statement, run at every claim.
 */
export async function workProjects(tx: Tx, caps: Capabilities, p: Principal, onlyProjectId?: string): Promise<WorkProject[]> {
  const userId = workerIdOf(p);
  const helper = p.role === 'helper';
  const only = onlyProjectId !== undefined;
  const { rows } = await runSql<{ id: string; quality: string; answers: number | null; control_answers: number | null; control_score: number | null }>(
    tx,
    caps,
    `select p.id, p.quality, k.answers, k.control_answers, k.control_score from projects p
     left join skills k on k.helper_id = ? and k.project_id = p.id
     where p.account_id = ? and p.status = 'open'${only ? ' and p.id = ?' : ''}${
       helper ? ' and exists (select 1 from helper_projects h where h.project_id = p.id and h.user_id = ? and h.banned_at is null)' : ''
     } order by p.id`,
    [userId, p.accountId, ...(only ? [onlyProjectId] : []), ...(helper ? [userId] : [])],
  );
  return rows.map((x) => ({
    id: x.id,
    level: skillOf(x.control_answers === null ? undefined : { answers: x.answers ?? 0, control_answers: x.control_answers, control_score: x.control_score ?? 0 }).level,
    controlRate: qualityRulesOf(x.quality).control_rate,
  }));
}

/** The person who works, or 403 for an API key. */
function workerIdOf(p: Principal): string {
  if (p.userId === null) throw new DomainError('forbidden', 'work is done by people: log in as a helper or the owner');
  return p.userId;
}

/**
 * The pick query: the claimable task at the head of the queue among the tasks that meet `projectCondition`
 * (on the task's project and skill level). Never the same helper twice on a task, whatever became of the
 * first lease; reserved tasks only for the helpers they are reserved for; never a task the helper is
 * excluded from. Literal constants (the partial claim index's open_slots > 0, the limit) let SQLite keep one
 * plan instead of re-planning at every bind. Parameters: is_control, `projectCondition`'s, the helper thrice.
 */
function pickSql(caps: Capabilities, projectCondition: string): string {
  return `select t.* from tasks t
      where t.open_slots > 0 and t.is_control = ? and t.test = 0 and t.status in ('pending', 'in_progress')
      and ${projectCondition}
      and not exists (select 1 from assignments a where a.task_id = t.id and a.helper_id = ?)
      and (t.restricted = 0 or exists (select 1 from task_helper_rules r where r.task_id = t.id and r.helper_id = ? and r.rule = 'reserved'))
      and not exists (select 1 from task_helper_rules r where r.task_id = t.id and r.helper_id = ? and r.rule = 'unavailable')
      order by t.priority desc, t.id limit 1${caps.skipLocked ? ' for update of t skip locked' : ''}`;
}

/** The text of the pick query for `projects` permitted projects (each: its id, the helper's level), cached per shape. */
const pickTexts = new Map<string, string>();
function pickText(caps: Capabilities, projects: number): string {
  const key = `${caps.skipLocked}|${projects}`;
  let text = pickTexts.get(key);
  if (text === undefined) {
    text = pickSql(caps, `(${Array.from({ length: projects }, () => '(t.project_id = ? and (t.min_skill_level is null or t.min_skill_level <= ?))').join(' or ')})`);
    pickTexts.set(key, text);
  }
  return text;
}

/**
 * The claimable task at the head of the helper's queue, locked; on PostgreSQL, concurrent claimers skip
 * rows another claimer holds instead of queueing behind it.
 */
async function pickTask(caps: Capabilities, tx: Tx, helperId: string, projects: WorkProject[], control: boolean): Promise<TaskRow | undefined> {
  if (projects.length === 0) return undefined;
  const params: unknown[] = [control ? 1 : 0];
  for (const pr of projects) params.push(pr.id, pr.level);
  params.push(helperId, helperId, helperId);
  const { rows } = await runSql<TaskRow>(tx, caps, pickText(caps, projects.length), params);
  return rows[0];
}

/**
 * Leases the highest-priority task the person may answer: in a permitted open project, at their skill level,
 * not reserved for others nor excluded for them, never one they had before, and only while the task still
 * needs answers. Control tasks are mixed in at the project's rate. Returns null when there is no work.
 */
export async function claimTask(store: Store, p: Principal, input: { project_id?: string | undefined }): Promise<AssignmentView | null> {
  workerIdOf(p);
  const projectId = input.project_id;
  if (store.caps.writableCtes && projectId !== undefined) {
    const claimed = await pickingAgain(store, () => claimInProject(store, p, projectId));
    if (claimed && !claimed.permitted) return explainNoProject(store, p, projectId);
    return claimed?.lease ?? null;
  }
  // Otherwise the permitted projects are read before the transaction, which on SQLite holds the write lock
  // every thread takes turns with. A permission removed or a project closed a moment before the lease
  // commits lets this one claim through, as it would have had it come a moment earlier; removing a helper
  // releases their leases (a lease that commits just after the removal, the background runner's next pass:
  // expireLeases).
  const projects = await workProjects(store.db, store.caps, p, projectId);
  if (projectId !== undefined && projects.length === 0) return explainNoProject(store, p, projectId);
  return pickingAgain(store, () => claimOnce(store, p, projects));
}

/**
 * Runs a claim, and again when it raced. Two claims of one helper racing on PostgreSQL can pick the same task:
 * the later one's snapshot predates the earlier one's lease. The lease step sees it and the claim picks
 * again (the unique (task, helper) index backs that up); a deadlock PostgreSQL broke is picked again too.
 * Still racing after a few picks, the work is being taken as fast as it is offered: null.
 */
async function pickingAgain<T>(store: Store, claim: () => Promise<T>): Promise<T | null> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await claim();
    } catch (error) {
      if (!(error instanceof PickRaced || store.caps.isUniqueViolation(error) || store.caps.isTransientConflict(error))) throw error;
      if (attempt >= 5) {
        if (error instanceof PickRaced) return null;
        throw error;
      }
    }
  }
}

/** No work in the one project asked for: a 404 when the caller may not see it, a 403 when banned from it. */
async function explainNoProject(store: Store, p: Principal, pid: string): Promise<null> {
  const project = await store.db.selectFrom('projects').select('id').where('id', '=', pid).where('account_id', '=', p.accountId).executeTakeFirst();
  const permission =
    project && p.role === 'helper' && p.userId
      ? await store.db.selectFrom('helper_projects').select(['banned_at', 'ban_reason']).where('user_id', '=', p.userId).where('project_id', '=', pid).executeTakeFirst()
      : undefined;
  if (!project || (p.role === 'helper' && !permission)) throw notFound('project');
  if (permission?.banned_at) throw new DomainError('forbidden', `you may no longer work on this project: ${permission.ban_reason ?? 'banned'}`);
  return null;
}

async function claimOnce(store: Store, p: Principal, projects: WorkProject[]): Promise<AssignmentView | null> {
  if (projects.length === 0) return null;
  const caps = store.caps;
  const helperId = workerIdOf(p);
  const roll = Math.random();
  const controlFirst = projects.filter((x) => roll < x.controlRate);
  // A claim with no control pick is one statement where writes may follow a locking read in one (see
  // claimInOneStatement).
  if (caps.writableCtes && controlFirst.length === 0) return claimInOneStatement(store, helperId, projects);
  return store.transaction(async (tx) => {
    const task = (await pickTask(caps, tx, helperId, controlFirst, true)) ?? (await pickTask(caps, tx, helperId, projects, false));
    if (!task) return null;

    const now = new Date();
    const spec = JSON.parse(task.spec) as TaskSpec;
    const lease = newLease(task, helperId, newId(), now.toISOString(), new Date(now.getTime() + spec.claim_timeout_minutes * 60_000).toISOString());
    const { assignment, becomesInProgress } = lease;
    const moved = becomesInProgress ? bumpCountersStatement(caps, task.project_id, statusMove('pending', 'in_progress')) : null;
    // The lease check again, in the lease's own writes: on PostgreSQL the pick's snapshot may predate a lease
    // this helper got on the task a moment ago (a concurrent claim of theirs). Inserting a second lease would
    // then wait on that lease's row while holding this task: a deadlock with the helper's own submit. So the
    // slot is taken and the lease written only where the helper has none; when the slot was not taken, the
    // claim throws and its other writes are undone with it.
    const [took] = await runSqlBatch(tx, caps, [
      {
        text: `update tasks set open_slots = open_slots - 1, updated_at = ?${becomesInProgress ? ", status = 'in_progress'" : ''}
         where id = ? and open_slots > 0 and not exists (select 1 from assignments a where a.task_id = ? and a.helper_id = ?)`,
        params: [assignment.claimed_at, task.id, task.id, helperId],
      },
      {
        text: LEASE_INSERT,
        params: [assignment.id, assignment.account_id, assignment.project_id, task.id, helperId, assignment.round, assignment.is_control, assignment.claimed_at, assignment.lease_expires_at, task.id, helperId],
      },
      eventsStatement(caps, [{ accountId: task.account_id, type: 'assignment.created', taskId: task.id, projectId: task.project_id, data: { assignment_id: assignment.id, helper_id: helperId } }]),
      // Last, so that the lock on the project's shared counter row is held only until commit.
      ...(moved ? [moved] : []),
    ]);
    if (took?.changes !== 1) throw new PickRaced();
    return lease.view(spec);
  });
}

/**
 * The writes of the one-statement claim, as WITH clauses after the `picked` one: the slot, the lease, its
 * event and the status counters. Parameters: see leaseParams.
 */
const leaseClausesTexts = new Map<string, string>();
function leaseClauses(caps: Capabilities): string {
  let text = leaseClausesTexts.get(caps.dialect);
  if (text === undefined) {
    const moved = statusMove('pending', 'in_progress') as Record<string, number>;
    text = `took as (
        update tasks t set open_slots = t.open_slots - 1, updated_at = ?,
          status = case when t.status = 'pending' and t.is_control = 0 then 'in_progress' else t.status end
        from picked
        where t.id = picked.id and t.open_slots > 0 and not exists (select 1 from assignments a where a.task_id = picked.id and a.helper_id = ?)
        returning t.id, t.account_id, t.project_id, t.round, t.is_control, picked.status as old_status,
          to_char((cast(? as timestamptz) + cast(cast(picked.spec as jsonb) ->> 'claim_timeout_minutes' as integer) * interval '1 minute') at time zone 'UTC',
            'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as lease_expires_at),
      lease as (
        insert into assignments (${ASSIGNMENT_COLUMNS.join(', ')})
        select ?, took.account_id, took.project_id, took.id, ?, took.round, took.is_control, 'active', ?, took.lease_expires_at, null from took
        returning lease_expires_at),
      logged as (
        insert into events (id, account_id, type, task_id, project_id, data, created_at, txid)
        select ?, took.account_id, 'assignment.created', took.id, took.project_id, ?, ?, ${caps.transactionOrderSql} from took),
      moved as (
        insert into project_counters (project_id, shard, pending, in_progress)
        select took.project_id, ${caps.counterShardSql}, ${moved.pending}, ${moved.in_progress} from took where took.old_status = 'pending' and took.is_control = 0
        on conflict (project_id, shard) do update set pending = project_counters.pending + excluded.pending, in_progress = project_counters.in_progress + excluded.in_progress)`;
    leaseClausesTexts.set(caps.dialect, text);
  }
  return text;
}

/** leaseClauses' parameters, for lease `id` of `helperId` claimed at `now`. */
function leaseParams(helperId: string, id: string, now: string): unknown[] {
  return [now, helperId, now, id, helperId, now, newId(), JSON.stringify({ assignment_id: id, helper_id: helperId }), now];
}

/** The text of the one-statement claim for `projects` permitted projects, cached per shape. */
const oneStatementTexts = new Map<string, string>();
function oneStatementText(caps: Capabilities, projects: number): string {
  const key = `${caps.dialect}|${projects}`;
  let text = oneStatementTexts.get(key);
  if (text === undefined) {
    text = `with picked as (${pickText(caps, projects)}), ${leaseClauses(caps)}
      select picked.*, (select lease_expires_at from lease) as leased_until from picked`;
    oneStatementTexts.set(key, text);
  }
  return text;
}

/**
 * The text of the one-statement claim in one named project, which also finds whether the person may work
 * there (an open project of their account; for a helper, a permission not banned), their level in it and
 * its control rate, so that the claim needs no read before it. A control task is tried first when the
 * roll (a parameter) falls under the rate. Always one row: `permitted` (0 or 1), and the leased task's
 * columns, null when there was nothing to claim. Parameters: the default control rate, the person, the
 * project, the account, the helper again (for a helper), then both picks' and leaseParams.
 */
const inProjectTexts = new Map<string, string>();
function inProjectText(caps: Capabilities, helper: boolean): string {
  const key = `${caps.dialect}|${helper}`;
  let text = inProjectTexts.get(key);
  if (text === undefined) {
    const inPermitted = 't.project_id = (select id from permitted) and (t.min_skill_level is null or t.min_skill_level <= (select level from permitted))';
    text = `with permitted as (
        select p.id, ${SKILL_LEVEL_SQL} as level,
          coalesce(cast(cast(p.quality as jsonb) ->> 'control_rate' as double precision), ?) as control_rate
        from projects p left join skills k on k.helper_id = ? and k.project_id = p.id
        where p.id = ? and p.account_id = ? and p.status = 'open'${
          helper ? ' and exists (select 1 from helper_projects h where h.project_id = p.id and h.user_id = ? and h.banned_at is null)' : ''
        }),
      picked as (
        select * from (${pickSql(caps, `${inPermitted} and ? < (select control_rate from permitted)`)}) as control
        union all select * from (${pickSql(caps, inPermitted)}) as plain limit 1),
      ${leaseClauses(caps)}
      select (select count(*) from permitted) as permitted, picked.*, (select lease_expires_at from lease) as leased_until
      from (select 1) as one left join picked on true`;
    inProjectTexts.set(key, text);
  }
  return text;
}

/**
 * The claim as one statement, on PostgreSQL: the pick (`SKIP LOCKED`), the slot, the lease, its event and the
 * status counters in data-modifying WITH clauses, which PostgreSQL runs as one atomic statement on one
 * snapshot. It saves the transaction's BEGIN and COMMIT (unless an Idempotency-Key must be marked in the
 * same commit: see Store.statement) and the pick's separate round trip, three of a claim's six. Nothing is
 * written when the slot is not taken; the pick is then retried (PickRaced), as the transaction's would be.
 */
async function claimInOneStatement(store: Store, helperId: string, projects: WorkProject[]): Promise<AssignmentView | null> {
  const caps = store.caps;
  const now = new Date().toISOString();
  const id = newId();
  const params: unknown[] = [0];
  for (const pr of projects) params.push(pr.id, pr.level);
  params.push(helperId, helperId, helperId);
  params.push(...leaseParams(helperId, id, now));
  const { rows } = await store.statement((tx) => runSql<TaskRow & { leased_until: string | null }>(tx, caps, oneStatementText(caps, projects.length), params));
  return leased(rows[0], helperId, id, now);
}

/**
 * The claim in one named project as one statement, on PostgreSQL (see inProjectText): the permission, level
 * and control rate are read in it, and the control pick is a branch of it, so that no claim in a named
 * project needs a read or a transaction of its own. `permitted` false: the person may not work there now.
 */
async function claimInProject(store: Store, p: Principal, projectId: string): Promise<{ permitted: boolean; lease: AssignmentView | null }> {
  const caps = store.caps;
  const helperId = workerIdOf(p);
  const helper = p.role === 'helper';
  const now = new Date().toISOString();
  const id = newId();
  const params: unknown[] = [DEFAULT_CONTROL_RATE, helperId, projectId, p.accountId, ...(helper ? [helperId] : [])];
  params.push(1, Math.random(), helperId, helperId, helperId, 0, helperId, helperId, helperId, ...leaseParams(helperId, id, now));
  const { rows } = await store.statement((tx) => runSql<Nullable<TaskRow> & { permitted: number | string; leased_until: string | null }>(tx, caps, inProjectText(caps, helper), params));
  const { permitted, ...picked } = rows[0] as NonNullable<(typeof rows)[number]>;
  return { permitted: Number(permitted) === 1, lease: picked.id === null ? null : leased(picked as TaskRow & { leased_until: string | null }, helperId, id, now) };
}

type Nullable<T> = { [K in keyof T]: T[K] | null };

/** The control rate of a project whose quality rules leave it out. */
const DEFAULT_CONTROL_RATE = qualityRulesOf('{}').control_rate;

/** The claimer's view of the task a one-statement claim picked, or null; PickRaced when its slot was taken meanwhile. */
function leased(picked: (TaskRow & { leased_until: string | null }) | undefined, helperId: string, id: string, now: string): AssignmentView | null {
  if (!picked) return null;
  if (picked.leased_until === null) throw new PickRaced();
  const { leased_until: leaseExpiresAt, ...task } = picked;
  return newLease(task, helperId, id, now, leaseExpiresAt).view(JSON.parse(task.spec) as TaskSpec);
}

/** The lease a claim writes on the picked task, and how the claimer sees it (the task as it is once leased). */
function newLease(task: TaskRow, helperId: string, id: string, claimedAt: string, expiresAt: string) {
  const assignment = {
    id,
    account_id: task.account_id,
    project_id: task.project_id,
    task_id: task.id,
    helper_id: helperId,
    round: task.round,
    is_control: task.is_control,
    status: 'active' as const,
    claimed_at: claimedAt,
    lease_expires_at: expiresAt,
    finished_at: null,
  };
  // A task's first lease starts its work; a control task stays pending, as it is never decided.
  const becomesInProgress = task.status === 'pending' && task.is_control === 0;
  const status = becomesInProgress ? 'in_progress' : task.status;
  return { assignment, becomesInProgress, view: (spec: TaskSpec) => assignmentView(assignment, { ...task, status }, spec) };
}

/** A new lease, written only where the helper holds none on the task (see claimOnce). */
const LEASE_INSERT = `insert into assignments (${ASSIGNMENT_COLUMNS.join(', ')})
  select ?, ?, ?, ?, ?, cast(? as integer), cast(? as integer), 'active', ?, ?, null
  where not exists (select 1 from assignments a where a.task_id = ? and a.helper_id = ?)`;

/** The picked task was taken (its last slot, or by this helper) between the pick and the lease: pick again. */
class PickRaced extends Error {}

/** For the helper's project picker: the projects they may work on. */
export async function listWorkProjects(store: Store, p: Principal) {
  const projects = await workProjects(store.db, store.caps, p);
  if (projects.length === 0) return { data: [] };
  const rows = await store.db.selectFrom('projects').select(['id', 'name', 'description']).where('id', 'in', projects.map((x) => x.id)).orderBy('id').execute();
  return { data: rows.map((r) => ({ ...r, skill_level: projects.find((x) => x.id === r.id)?.level ?? 1 })) };
}
