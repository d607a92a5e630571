import type { Assignment, SubmitResult } from '@minga/sdk';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ANSWER_FOR_TYPE } from '../answers/answer-for-type.tsx';
import { TaskContent } from '../content/task-content.tsx';
import { client, type StoredSession } from '../session.ts';
import { NavLink } from '../nav-link.tsx';
import { FeedbackPanel } from '../work/feedback-panel.tsx';
import { LeaseClock } from '../work/lease-clock.tsx';
import { useKeys } from '../work/use-keys.ts';
import { useLease } from '../work/use-lease.ts';
import { useVisibleSeconds } from '../work/use-visible-seconds.ts';
import { StatsPanel } from './stats-panel.tsx';
import { ErrorAlert } from '../error-alert.tsx';
import { useFailure } from '../use-failure.ts';

type Phase = { kind: 'loading' } | { kind: 'task'; assignment: Assignment } | { kind: 'empty' } | { kind: 'feedback'; feedback: NonNullable<SubmitResult['feedback']> };

/** The work loop of one project: claim, show, answer, next. */
export function WorkScreen({ session, projectId, onExpired }: { session: StoredSession; projectId: string; onExpired: () => void }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [busy, setBusy] = useState(false);
  const { error, setError, fail } = useFailure(onExpired);
  const [statsVersion, setStatsVersion] = useState(0);
  const assignment = phase.kind === 'task' ? phase.assignment : null;
  const seconds = useVisibleSeconds(assignment?.id ?? null);
  const leaseLeft = useLease(session.token, assignment);
  const heading = useRef<HTMLHeadingElement>(null);
  const api = client(session.token);


  const claim = useCallback(async () => {
    setPhase({ kind: 'loading' });
    try {
      const next = await client(session.token).work.claim({ project_id: projectId });
      setPhase(next ? { kind: 'task', assignment: next } : { kind: 'empty' });
    } catch (err) {
      fail(err);
      setPhase({ kind: 'empty' });
    }
  }, [session.token, projectId, fail]);

  useEffect(() => {
    void claim();
  }, [claim]);

  useEffect(() => {
    // A new task is announced from its heading, unless one of its fields has already taken the focus.
    if (assignment && (document.activeElement === null || document.activeElement === document.body)) heading.current?.focus();
  }, [assignment]);

  const answer = async (value: unknown) => {
    if (!assignment || busy) return;
    setBusy(true);
    setError(null);
    try {
      const result = await api.work.submit(assignment.id, { answer: value, seconds_spent: seconds() });
      setStatsVersion((v) => v + 1);
      if (result.feedback && !result.feedback.correct) setPhase({ kind: 'feedback', feedback: result.feedback });
      else await claim();
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const skip = async () => {
    if (!assignment || busy) return;
    setBusy(true);
    try {
      await api.work.release(assignment.id);
    } catch {
      // A lease that ran out is released already; the next claim is what matters.
    }
    setBusy(false);
    await claim();
  };

  useKeys({ s: () => void skip() }, phase.kind === 'task');

  const task = assignment?.task;
  const Answer = task ? ANSWER_FOR_TYPE[task.type as keyof typeof ANSWER_FOR_TYPE] : undefined;

  return (
    <div className="page work">
      <div className="work-bar">
        <NavLink to="/">← Projects</NavLink>
        {leaseLeft !== null && <LeaseClock seconds={leaseLeft} />}
        {assignment && (
          <button type="button" onClick={() => void skip()} disabled={busy} aria-keyshortcuts="s">
            Skip <kbd aria-hidden="true">s</kbd>
          </button>
        )}
      </div>
      <ErrorAlert message={error} />
      {phase.kind === 'loading' && <p aria-live="polite">Finding the next task…</p>}
      {phase.kind === 'empty' && (
        <div className="stack">
          <h1>No more tasks here for now</h1>
          <button type="button" className="primary" onClick={() => void claim()}>
            Look again
          </button>
        </div>
      )}
      {phase.kind === 'feedback' && <FeedbackPanel feedback={phase.feedback} onContinue={() => void claim()} />}
      {task && assignment && (
        <article className="task" key={assignment.id} data-task-type={task.type} data-task-id={task.id} aria-labelledby="task-heading">
          <h1 id="task-heading" ref={heading} tabIndex={-1} className="visually-hidden">
            Task: {task.type.replaceAll('_', ' ')}
          </h1>
          {task.description && <p className="muted">{task.description}</p>}
          <TaskContent task={task} />
          {Answer ? <Answer task={task} onAnswer={(v) => void answer(v)} busy={busy || leaseLeft === 0} /> : <p className="error">This task type ({task.type}) cannot be answered here.</p>}
          {leaseLeft === 0 && (
            <p role="alert" className="error">
              The time for this task ran out. <button type="button" onClick={() => void claim()}>Next task</button>
            </p>
          )}
        </article>
      )}
      <StatsPanel session={session} version={statsVersion} compact />
    </div>
  );
}
