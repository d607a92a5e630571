import { sql, type Kysely } from 'kysely';
import type { Capabilities } from '../capabilities.ts';

/** Helpers, leases, submissions, skills, audits and the ordering column of the event feed. */
export async function up(db: Kysely<unknown>, _caps: Capabilities): Promise<void> {
  await db.schema
    .createTable('helper_projects')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('banned_at', 'text')
    .addColumn('ban_reason', 'text')
    .addPrimaryKeyConstraint('helper_projects_pk', ['user_id', 'project_id'])
    .execute();
  await db.schema.createIndex('helper_projects_project').on('helper_projects').columns(['project_id', 'user_id']).execute();

  await db.schema
    .createTable('invites')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text')
    .execute();

  // What the claim query filters on, as columns of their own.
  await db.schema.alterTable('tasks').addColumn('open_slots', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('tasks').addColumn('is_control', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('tasks').addColumn('min_skill_level', 'integer').execute();
  await db.schema.alterTable('tasks').addColumn('restricted', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('tasks').addColumn('round', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await sql.raw('create index tasks_claim on tasks (project_id, is_control, priority desc, id) where open_slots > 0').execute(db);
  // Tasks created before this migration still wait for answers: give them the slots their overlap asks for.
  const rows = await sql<{ id: string; spec: string; status: string }>`select id, spec, status from tasks where status in ('pending', 'in_progress')`.execute(db);
  for (const row of rows.rows) {
    const spec = JSON.parse(row.spec) as { overlap?: number; known_solutions?: unknown[]; infinite_overlap?: boolean; min_skill_level?: number | null };
    const control = (spec.known_solutions?.length ?? 0) > 0;
    const slots = control || spec.infinite_overlap ? 1_000_000_000 : (spec.overlap ?? 1);
    await sql`update tasks set open_slots = ${slots}, is_control = ${control ? 1 : 0}, min_skill_level = ${spec.min_skill_level ?? null} where id = ${row.id}`.execute(db);
  }

  await db.schema
    .createTable('task_helper_rules')
    .addColumn('task_id', 'text', (c) => c.notNull())
    .addColumn('helper_id', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_helper_rules_pk', ['task_id', 'helper_id'])
    .execute();

  await db.schema
    .createTable('assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('task_id', 'text', (c) => c.notNull())
    .addColumn('helper_id', 'text', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('is_control', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'text', (c) => c.notNull())
    .addColumn('lease_expires_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  // One lease per helper and task, ever: a helper never answers a task twice.
  await db.schema.createIndex('assignments_task_helper').unique().on('assignments').columns(['task_id', 'helper_id']).execute();
  await sql.raw("create index assignments_live on assignments (lease_expires_at) where status = 'active'").execute(db);
  await db.schema.createIndex('assignments_helper').on('assignments').columns(['helper_id', 'status']).execute();

  await db.schema
    .createTable('submissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('task_id', 'text', (c) => c.notNull())
    .addColumn('helper_id', 'text', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('is_control', 'integer', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('seconds_spent', 'double precision', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('correctness', 'double precision')
    .execute();
  await db.schema.createIndex('submissions_task').on('submissions').columns(['task_id', 'submitted_at']).execute();
  await db.schema.createIndex('submissions_helper').on('submissions').columns(['helper_id', 'submitted_at']).execute();

  // Skills per helper and project, and overall under project_id '*'.
  await db.schema
    .createTable('skills')
    .addColumn('helper_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('answers', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('seconds', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('control_answers', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('control_score', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('fast_answers', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('skills_pk', ['helper_id', 'project_id'])
    .execute();

  await db.schema
    .createTable('audits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('task_id', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('response', 'text')
    .addColumn('audited_by', 'text', (c) => c.notNull())
    .addColumn('audited_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audits_task').on('audits').columns(['task_id', 'audited_at']).execute();

  await db.schema.alterTable('projects').addColumn('quality', 'text', (c) => c.notNull().defaultTo('{}')).execute();

  // The feed orders events by the transaction that wrote them (see capabilities.eventOrder).
  await db.schema.alterTable('events').addColumn('txid', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('events_feed').on('events').columns(['account_id', 'txid', 'seq']).execute();
}
