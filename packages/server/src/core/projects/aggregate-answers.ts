import { aggregate, AnswerEncoder, type AggregationResult, type EncodedAnswers } from '@minga/aggregation';
import type { AggregateRequest, AggregateResult, AggregationMethod, TaskType } from '@minga/api-contracts';
import type { Store } from '../../store/store.ts';
import { answerKey } from '../consensus/normalize-answer.ts';
import { skillOf } from '../helpers/skill-level.ts';
import { nowIso } from '../ids.ts';
import { isTest, type Principal } from '../principal.ts';
import { findProject } from './find-project.ts';

/** Answers read from the store per round trip. */
const PAGE = 10_000;

/** Weight of a helper without control answers under `weighted`: a coin's worth of trust. */
const UNKNOWN_SKILL = 0.5;

/**
 * Offline aggregation (SPEC §3.3): runs an aggregation method over every counted answer of the project's
 * tasks — the current round's, control tasks and `form` tasks left out (a form has no single label) — and
 * returns per task the aggregated answer with its confidence, and per helper the estimated quality.
 * Answers are compared as consensus compares them (`answerKey`), so "Paris " and "paris" are one label.
 */
export async function aggregateAnswers(store: Store, p: Principal, projectId: string, request: AggregateRequest): Promise<AggregateResult> {
  await findProject(store.db, p, projectId);
  const encoder = new AnswerEncoder();
  // The first answer seen with each (task, label key) stands for that label in the response.
  const answerOf = new Map<string, unknown>();
  let after = '';
  for (;;) {
    const rows = await store.db
      .selectFrom('submissions as s')
      .innerJoin('tasks as t', 't.id', 's.task_id')
      .select(['s.id', 's.task_id', 's.helper_id', 's.answer', 't.type'])
      .where('s.project_id', '=', projectId)
      .where('s.is_control', '=', 0)
      .whereRef('s.round', '=', 't.round')
      .where('t.test', '=', isTest(p))
      .where('t.type', '!=', 'form')
      .where('s.id', '>', after)
      .orderBy('s.id')
      .limit(PAGE)
      .execute();
    for (const row of rows) {
      const answer = JSON.parse(row.answer) as unknown;
      const key = answerKey(row.type as TaskType, answer);
      const seen = `${row.task_id}\u0000${key}`;
      if (!answerOf.has(seen)) answerOf.set(seen, answer);
      encoder.add(row.task_id, row.helper_id, key);
    }
    if (rows.length < PAGE) break;
    after = (rows[rows.length - 1] as { id: string }).id;
  }
  const answers = encoder.finish();
  if (answers.task.length === 0) return { method: request.method, answers: 0, tasks: [], helpers: [], iterations: 0, converged: true, skills_updated: 0 };

  const result = await run(store, projectId, request, answers);
  const skillsUpdated = request.update_skills ? await storeEstimates(store, projectId, result) : 0;
  return {
    method: request.method,
    answers: answers.task.length,
    tasks: result.taskNames.map((taskId, t) => ({
      task_id: taskId,
      answer: answerOf.get(`${taskId}\u0000${result.labelNames[result.taskLabel[t] as number]}`),
      confidence: result.confidence[t] as number,
    })),
    helpers: result.workerNames.map((helperId, w) => ({ helper_id: helperId, quality: result.workerQuality[w] as number })),
    iterations: result.iterations,
    converged: result.converged,
    skills_updated: skillsUpdated,
  };
}

/** Stores each helper's estimated quality as their estimated accuracy in the project. */
async function storeEstimates(store: Store, projectId: string, result: AggregationResult): Promise<number> {
  const at = nowIso();
  const rows = result.workerNames.map((helperId, w) => ({ helper_id: helperId, project_id: projectId, estimated_accuracy: result.workerQuality[w] as number, estimated_at: at }));
  await store.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 1_000) {
      await tx
        .insertInto('skills')
        .values(rows.slice(i, i + 1_000))
        .onConflict((oc) => oc.columns(['helper_id', 'project_id']).doUpdateSet((eb) => ({ estimated_accuracy: eb.ref('excluded.estimated_accuracy'), estimated_at: eb.ref('excluded.estimated_at') })))
        .execute();
    }
  });
  return rows.length;
}

async function run(store: Store, projectId: string, request: AggregateRequest, answers: EncodedAnswers): Promise<AggregationResult> {
  const iterative = {
    ...(request.max_iterations === undefined ? {} : { maxIterations: request.max_iterations }),
    ...(request.tolerance === undefined ? {} : { tolerance: request.tolerance }),
  };
  const method: AggregationMethod = request.method;
  switch (method) {
    case 'majority_vote':
      return aggregate(answers, 'majority-vote');
    case 'wawa':
      return aggregate(answers, 'wawa');
    case 'weighted': {
      // Each helper's accuracy on this project's control tasks; helpers without any weigh as a coin.
      const rows = await store.db.selectFrom('skills').selectAll().where('project_id', '=', projectId).execute();
      const skills = new Map(rows.map((r) => [r.helper_id, skillOf(r).accuracy ?? UNKNOWN_SKILL]));
      return aggregate(answers, 'weighted-majority-vote', { skills, defaultSkill: UNKNOWN_SKILL });
    }
    case 'dawid_skene':
      return aggregate(answers, 'dawid-skene', iterative);
    case 'one_coin_dawid_skene':
      return aggregate(answers, 'one-coin-dawid-skene', iterative);
    case 'glad':
      return aggregate(answers, 'glad', iterative);
    case 'mace':
      return aggregate(answers, 'mace', { ...iterative, ...(request.seed === undefined ? {} : { seed: request.seed }) });
  }
}
