import type { Task, TaskAudit } from '@minga/sdk';
import { useState } from 'react';
import { TaskContent } from '../content/task-content.tsx';
import { NavLink } from '../nav-link.tsx';
import { AnswerText } from '../requester/answer-text.tsx';
import { AuditActions } from '../requester/audit-actions.tsx';
import { AuditList } from '../requester/audit-list.tsx';
import { SubmissionList } from '../requester/submission-list.tsx';
import { useAction } from '../requester/use-action.ts';
import { useFetched } from '../requester/use-fetched.ts';
import { client, type StoredSession } from '../session.ts';
import { ErrorAlert } from '../error-alert.tsx';

/** One task: its content (sanitised), status, result, submissions and audits; Accept, Reject or Fix once it has a result. */
export function TaskScreen({ session, taskId, onExpired }: { session: StoredSession; taskId: string; onExpired: () => void }) {
  const [version, setVersion] = useState(0);
  const [fixing, setFixing] = useState(false);
  const fetched = useFetched<Task>(() => client(session.token).tasks.get(taskId), `${taskId}|${version}`, onExpired);
  const action = useAction(onExpired);
  const task = fetched.value;

  const audit = async (body: TaskAudit) => {
    const done = await action.run(() => client(session.token).tasks.audit(taskId, body));
    if (done) {
      setFixing(false);
      setVersion((v) => v + 1);
    }
  };

  return (
    <div className="page">
      {task && <NavLink to={`/projects/${encodeURIComponent(task.project_id)}`}>← Project</NavLink>}
      <h1>{task?.description ?? 'Task'}</h1>
      <ErrorAlert message={fetched.error ?? action.error} />
      {!task && !fetched.error && <p aria-live="polite">Loading…</p>}
      {task && (
        <article className="task" data-task-id={task.id} data-task-type={task.type}>
          <dl className="facts" aria-label="Task facts">
            <dt>Type</dt>
            <dd>{task.type.replaceAll('_', ' ')}</dd>
            <dt>Status</dt>
            <dd data-testid="task-status">{task.status.replaceAll('_', ' ')}</dd>
            <dt>Review</dt>
            <dd>{task.review_status ?? '–'}</dd>
            <dt>Result</dt>
            <dd>{task.result ? <AnswerText answer={task.result.answer} /> : '–'}</dd>
            <dt>Agreement</dt>
            <dd>{task.result ? `${Math.round(task.result.agreement * 100)}%` : '–'}</dd>
          </dl>
          <section aria-label="Content">
            <h2>Content</h2>
            <TaskContent task={task} />
          </section>
          <SubmissionList task={task} />
          <AuditList task={task} />
          {task.result && (
            <AuditActions
              task={task}
              busy={action.busy}
              fixing={fixing}
              onFixing={setFixing}
              onAccept={() => void audit({ result: 'accepted' })}
              onReject={() => void audit({ result: 'rejected' })}
              onFix={(response) => void audit({ result: 'fixed', response })}
            />
          )}
        </article>
      )}
    </div>
  );
}
