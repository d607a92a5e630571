import { expect } from 'vitest';
import type { Db } from '../../../src/store/store.ts';
import type { WorkApi } from './work-api.ts';
import { checkStatsAndEvents, checkWork } from './work-invariants.ts';
import { createWorkProject, helperStates, inviteHelpers, phaseTimer, startHelpers } from './work-load.ts';

export interface ScenarioOptions {
  /** Helper i talks to apis[i % apis.length]; the first also sets the project up and reads the stats. */
  apis: WorkApi[];
  /** The store the servers write to, read directly for the checks. */
  db: Db;
  helpers: number;
  tasks: number;
  overlap: number;
  seed: number;
  /** Bounds the helpers' loops. */
  loadMs: number;
}

/**
 * The concurrency proof: `helpers` invited helpers claim and submit at once over `tasks` tasks until none
 * is left; every request must be answered 200 or 204, every task decided from exactly `overlap` answers,
 * and the store, the stats and the event feed must agree (see checkWork and checkStatsAndEvents).
 * Returns what to log.
 */
export async function runWorkScenario(o: ScenarioOptions): Promise<Record<string, unknown>> {
  const lap = phaseTimer();
  const admin = o.apis[0] as WorkApi;
  const { projectId } = await createWorkProject(admin, o.tasks, o.overlap);
  const helpers = await inviteHelpers(admin, projectId, o.helpers);
  lap('setup');

  const load = startHelpers({
    projectId,
    workers: helperStates(helpers, o.seed).map((state, i) => ({ state, api: o.apis[i % o.apis.length] as WorkApi })),
    deadline: Date.now() + o.loadMs,
  });
  const result = await load.result;
  lap('load');

  expect(result.unexpected, 'answers other than 200/204').toEqual([]);
  expect(result.networkErrors, result.firstNetworkError ?? '').toBe(0);
  expect(result.acks.length, 'acknowledged submits').toBe(o.tasks * o.overlap);
  const work = await checkWork(o.db, projectId, result.acks, { finished: true });
  expect(work.violations).toEqual([]);
  expect(work.submissions).toBe(o.tasks * o.overlap);
  expect((work.byStatus.completed ?? 0) + (work.byStatus.needs_review ?? 0)).toBe(o.tasks);
  expect(await checkStatsAndEvents(admin, projectId, work, { finished: true })).toEqual([]);
  lap('verify');
  return { claims: result.claims, acks: result.acks.length, empties: result.empties, ...work.byStatus, ms: lap.all };
}
