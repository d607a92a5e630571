/**
 * The plain in-memory model of the work engine that model.test.ts checks the real system against: tasks
 * with their strategy, overlap and answers, helpers' leases, and what each command should do to them.
 */
export type Strategy = 'majority_vote' | 'any_first';
export type TaskStatus = 'pending' | 'in_progress' | 'completed' | 'needs_review';
/** `lapsed`: its time ran out but no sweep has run, so the store still says `active`. */
export type LeaseState = 'active' | 'lapsed' | 'submitted' | 'released' | 'expired';
export type Outcome = 'ok' | 'conflict';

export interface TaskSetup {
  strategy: Strategy;
  overlap: number;
  priority: number;
}

export interface MTask {
  setup: TaskSetup;
  status: TaskStatus;
  answers: { helper: number; answer: string }[];
  touched: number[];
  result: string | null;
}

export interface MLease {
  id: string;
  helper: number;
  task: number;
  state: LeaseState;
}

export interface Model {
  helpers: number;
  tasks: MTask[];
  leases: MLease[];
}

export const isOpen = (t: MTask) => t.status === 'pending' || t.status === 'in_progress';
export const isLive = (l: MLease) => l.state === 'active' || l.state === 'lapsed';
/** Answers the task may collect in all: any_first leases one at a time; max_overlap = overlap means no extension. */
export const capOf = (t: MTask) => (t.setup.strategy === 'any_first' ? 1 : t.setup.overlap);
export const liveOn = (m: Model, task: number) => m.leases.filter((l) => l.task === task && isLive(l)).length;
export const openSlots = (m: Model, task: number) => {
  const t = m.tasks[task] as MTask;
  return isOpen(t) ? capOf(t) - t.answers.length - liveOn(m, task) : 0;
};

/** Tasks the helper may be given now. */
export function candidates(m: Model, helper: number): number[] {
  return m.tasks.flatMap((t, i) => (isOpen(t) && !t.touched.includes(helper) && openSlots(m, i) > 0 ? [i] : []));
}

/** The candidates a serial claim must choose among: those of the highest priority. */
export function topCandidates(m: Model, helper: number): number[] {
  const c = candidates(m, helper);
  const best = Math.max(...c.map((i) => (m.tasks[i] as MTask).setup.priority));
  return c.filter((i) => (m.tasks[i] as MTask).setup.priority === best);
}

export function applyClaim(m: Model, helper: number, task: number, id: string): void {
  const t = m.tasks[task] as MTask;
  m.leases.push({ id, helper, task, state: 'active' });
  t.touched.push(helper);
  if (t.status === 'pending') t.status = 'in_progress';
}

export function endLease(m: Model, l: MLease, state: 'released' | 'expired'): void {
  l.state = state;
  const t = m.tasks[l.task] as MTask;
  if (t.status === 'in_progress' && t.answers.length === 0 && liveOn(m, l.task) === 0) t.status = 'pending';
}

/** The plurality answer when it is unique, else null (a tie). */
export function plurality(answers: string[]): string | null {
  const counts = new Map<string, number>();
  for (const a of answers) counts.set(a, (counts.get(a) ?? 0) + 1);
  const best = Math.max(...counts.values());
  const top = [...counts].filter(([, n]) => n === best);
  return top.length === 1 ? (top[0] as [string, number])[0] : null;
}

export function applySubmit(m: Model, l: MLease, answer: string): Outcome {
  if (l.state !== 'active') return 'conflict';
  l.state = 'submitted';
  const t = m.tasks[l.task] as MTask;
  t.answers.push({ helper: l.helper, answer });
  if (t.setup.strategy === 'any_first') {
    t.status = 'completed';
    t.result = answer;
  } else if (t.answers.length >= t.setup.overlap) {
    const winner = plurality(t.answers.map((a) => a.answer));
    t.status = winner === null ? 'needs_review' : 'completed';
    t.result = winner;
  }
  return 'ok';
}

export function applyRelease(m: Model, l: MLease): Outcome {
  if (!isLive(l)) return 'conflict';
  endLease(m, l, 'released');
  return 'ok';
}

export const applyHeartbeat = (l: MLease): Outcome => (l.state === 'active' ? 'ok' : 'conflict');

export function applyLapse(l: MLease): void {
  if (l.state === 'active') l.state = 'lapsed';
}

export function applySweep(m: Model): number {
  const due = m.leases.filter((l) => l.state === 'lapsed');
  for (const l of due) endLease(m, l, 'expired');
  return due.length;
}

export const cloneModel = (m: Model): Model => structuredClone(m);

