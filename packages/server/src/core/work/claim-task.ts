import { ProjectQuality } from '@minga/api-contracts';
import type { Store, Tx } from '../../store/store.ts';
import { DomainError, notFound } from '../domain-error.ts';
import { appendEvents } from '../events/append-events.ts';
import { skillOf } from '../helpers/skill-level.ts';
import { newId } from '../ids.ts';
import { moveStatus } from '../projects/move-status.ts';
import type { Principal } from '../principal.ts';
import type { TaskSpec } from '../tasks/task-view.ts';
import { assignmentView, type AssignmentView } from './assignment-view.ts';

interface WorkProject {
  id: string;
  level: number;
  controlRate: number;
}

/** The open projects a person may work on now, with their skill level in each. */
export async function workProjects(tx: Tx, p: Principal): Promise<WorkProject[]> {
  if (p.userId === null) throw new DomainError('forbidden', 'work is done by people: log in as a helper or the owner');
  let query = tx.selectFrom('projects').select(['projects.id', 'projects.quality']).where('projects.account_id', '=', p.accountId).where('projects.status', '=', 'open');
  if (p.role === 'helper') {
    const userId = p.userId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('helper_projects')
          .select('helper_projects.project_id')
          .whereRef('helper_projects.project_id', '=', 'projects.id')
          .where('helper_projects.user_id', '=', userId)
          .where('helper_projects.banned_at', 'is', null),
      ),
    );
  }
  const projects = await query.orderBy('projects.id').execute();
  if (projects.length === 0) return [];
  const skills = await tx.selectFrom('skills').selectAll().where('helper_id', '=', p.userId).where('project_id', 'in', projects.map((x) => x.id)).execute();
  return projects.map((x) => ({
    id: x.id,
    level: skillOf(skills.find((s) => s.project_id === x.id)).level,
    controlRate: ProjectQuality.parse(JSON.parse(x.quality)).control_rate,
  }));
}

async function pickTask(store: Store, tx: Tx, helperId: string, projects: WorkProject[], control: boolean) {
  if (projects.length === 0) return undefined;
  let query = tx
    .selectFrom('tasks as t')
    .select(['t.id'])
    .where('t.open_slots', '>', 0)
    .where('t.is_control', '=', control ? 1 : 0)
    .where('t.test', '=', 0)
    .where('t.status', 'in', ['pending', 'in_progress'])
    .where((eb) =>
      eb.or(
        projects.map((pr) =>
          eb.and([eb('t.project_id', '=', pr.id), eb.or([eb('t.min_skill_level', 'is', null), eb('t.min_skill_level', '<=', pr.level)])]),
        ),
      ),
    )
    // Never the same helper twice on a task, whatever became of the first lease.
    .where((eb) => eb.not(eb.exists(eb.selectFrom('assignments as a').select('a.id').whereRef('a.task_id', '=', 't.id').where('a.helper_id', '=', helperId))))
    .where((eb) =>
      eb.or([
        eb('t.restricted', '=', 0),
        eb.exists(eb.selectFrom('task_helper_rules as r').select('r.task_id').whereRef('r.task_id', '=', 't.id').where('r.helper_id', '=', helperId).where('r.rule', '=', 'reserved')),
      ]),
    )
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('task_helper_rules as r').select('r.task_id').whereRef('r.task_id', '=', 't.id').where('r.helper_id', '=', helperId).where('r.rule', '=', 'unavailable'))),
    )
    .orderBy('t.priority', 'desc')
    .orderBy('t.id')
    .limit(1);
  // Concurrent claimers on PostgreSQL skip rows another claimer holds instead of queueing behind it.
  if (store.caps.skipLocked) query = query.forUpdate('t').skipLocked();
  return query.executeTakeFirst();
}

/**
 * Leases the highest-priority task the person may answer: in a permitted open project, at their skill level,
 * not reserved for others nor excluded for them, never one they had before, and only while the task still
 * needs answers. Control tasks are mixed in at the project's rate. Returns null when there is no work.
 */
export async function claimTask(store: Store, p: Principal, input: { project_id?: string | undefined }): Promise<AssignmentView | null> {
  // Two claims of one helper racing on PostgreSQL can pick the same task: the later one's snapshot predates
  // the earlier one's lease, so the unique (task, helper) index refuses its insert. A new attempt sees that
  // lease and picks another task.
  for (let attempt = 1; ; attempt++) {
    try {
      return await claimOnce(store, p, input);
    } catch (error) {
      if (attempt >= 5 || !store.caps.isUniqueViolation(error)) throw error;
    }
  }
}

async function claimOnce(store: Store, p: Principal, input: { project_id?: string | undefined }): Promise<AssignmentView | null> {
  return store.transaction(async (tx) => {
    let projects = await workProjects(tx, p);
    if (input.project_id !== undefined) {
      projects = projects.filter((x) => x.id === input.project_id);
      if (projects.length === 0) {
        const pid = input.project_id;
        const project = await tx.selectFrom('projects').select('id').where('id', '=', pid).where('account_id', '=', p.accountId).executeTakeFirst();
        const permission =
          project && p.role === 'helper' && p.userId
            ? await tx.selectFrom('helper_projects').select(['banned_at', 'ban_reason']).where('user_id', '=', p.userId).where('project_id', '=', pid).executeTakeFirst()
            : undefined;
        if (!project || (p.role === 'helper' && !permission)) throw notFound('project');
        if (permission?.banned_at) throw new DomainError('forbidden', `you may no longer work on this project: ${permission.ban_reason ?? 'banned'}`);
        return null;
      }
    }
    const helperId = p.userId as string;
    const roll = Math.random();
    const controlFirst = projects.filter((x) => roll < x.controlRate);
    const picked = (await pickTask(store, tx, helperId, controlFirst, true)) ?? (await pickTask(store, tx, helperId, projects, false));
    if (!picked) return null;

    const task = await tx.selectFrom('tasks').selectAll().where('id', '=', picked.id).executeTakeFirstOrThrow();
    const now = new Date();
    const spec = JSON.parse(task.spec) as TaskSpec;
    const becomesInProgress = task.status === 'pending' && task.is_control === 0;
    const took = await tx
      .updateTable('tasks')
      .set((eb) => ({ open_slots: eb('open_slots', '-', 1), updated_at: now.toISOString(), ...(becomesInProgress ? { status: 'in_progress' } : {}) }))
      .where('id', '=', task.id)
      .where('open_slots', '>', 0)
      .executeTakeFirst();
    if (Number(took.numUpdatedRows) !== 1) return null;
    const assignment = {
      id: newId(),
      account_id: task.account_id,
      project_id: task.project_id,
      task_id: task.id,
      helper_id: helperId,
      round: task.round,
      is_control: task.is_control,
      status: 'active' as const,
      claimed_at: now.toISOString(),
      lease_expires_at: new Date(now.getTime() + spec.claim_timeout_minutes * 60_000).toISOString(),
      finished_at: null,
    };
    await tx.insertInto('assignments').values(assignment).execute();
    await appendEvents(tx, store.caps, [{ accountId: task.account_id, type: 'assignment.created', taskId: task.id, projectId: task.project_id, data: { assignment_id: assignment.id, helper_id: helperId } }]);
    // Last, so that the lock on the project's shared counter row is held only until commit.
    if (becomesInProgress) await moveStatus(tx, task.project_id, 'pending', 'in_progress');
    return assignmentView(assignment, { ...task, status: becomesInProgress ? 'in_progress' : task.status });
  });
}

/** For the helper's project picker: the projects they may work on. */
export async function listWorkProjects(store: Store, p: Principal) {
  const projects = await workProjects(store.db, p);
  if (projects.length === 0) return { data: [] };
  const rows = await store.db.selectFrom('projects').select(['id', 'name', 'description']).where('id', 'in', projects.map((x) => x.id)).orderBy('id').execute();
  return { data: rows.map((r) => ({ ...r, skill_level: projects.find((x) => x.id === r.id)?.level ?? 1 })) };
}
