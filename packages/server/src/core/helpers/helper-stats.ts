import type { Store } from '../../store/store.ts';
import { DomainError, notFound } from '../domain-error.ts';
import type { Principal } from '../principal.ts';
import { toCredits } from '../credits/credit-amounts.ts';
import { balanceOf } from '../credits/record-movements.ts';
import { skillOf } from './skill-level.ts';

/** Answers, control accuracy, skill, earnings and speed of one helper: overall and per project. */
export async function helperStats(store: Store, p: Principal, helperId: string) {
  const self = p.userId === helperId;
  if (!self && p.role === 'helper') throw notFound('helper');
  if (!self && p.projectId !== null) throw new DomainError('forbidden', 'a project-scoped key cannot read helper stats');
  const user = await store.db.selectFrom('users').select(['id', 'name']).where('id', '=', helperId).where('account_id', '=', p.accountId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!user) throw notFound('helper');
  const rows = await store.db.selectFrom('skills').selectAll().where('helper_id', '=', helperId).orderBy('project_id').execute();
  const today = new Date().toISOString().slice(0, 10);
  const answersToday = await store.db
    .selectFrom('submissions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('helper_id', '=', helperId)
    .where('submitted_at', '>=', today)
    .executeTakeFirstOrThrow();
  const view = (r: (typeof rows)[number] | undefined) => {
    const skill = skillOf(r);
    return {
      answers: r?.answers ?? 0,
      control_answers: skill.control_answers,
      accuracy: skill.accuracy,
      skill_level: skill.level,
      seconds_per_task: r && r.answers > 0 ? r.seconds / r.answers : null,
      fast_answers: r?.fast_answers ?? 0,
    };
  };
  return {
    helper_id: helperId,
    ...view(rows.find((r) => r.project_id === '*')),
    answers_today: Number(answersToday.n),
    earnings: toCredits(await balanceOf(store.db, store.caps, 'earnings', helperId)),
    projects: rows.filter((r) => r.project_id !== '*').map((r) => ({ project_id: r.project_id, ...view(r) })),
  };
}
