import type { Task, TaskAudit } from '@minga/sdk';
import { useEffect, useState } from 'react';
import { NavLink } from '../nav-link.tsx';
import { ReviewItem } from '../requester/review-item.tsx';
import { client, type StoredSession } from '../session.ts';
import { ErrorAlert } from '../error-alert.tsx';
import { useFailure } from '../use-failure.ts';

const PAGE_SIZE = 20;

/** A project's tasks waiting for the requester (`needs_review`), each with its submissions, to accept or fix. */
export function ReviewScreen({ session, projectId, onExpired }: { session: StoredSession; projectId: string; onExpired: () => void }) {
  const [tasks, setTasks] = useState<Task[] | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const { error, setError, fail } = useFailure(onExpired);
  const [done, setDone] = useState(0);
  const [fixing, setFixing] = useState<string | null>(null);


  useEffect(() => {
    let live = true;
    const api = client(session.token);
    api.tasks
      .listPage({ project_id: projectId, status: 'needs_review', limit: PAGE_SIZE })
      // The list leaves out submissions; each task's own GET has them.
      .then(async (page) => ({ page, full: await Promise.all(page.data.map((t) => api.tasks.get(t.id))) }))
      .then(({ page, full }) => {
        if (!live) return;
        setTasks(full);
        setHasMore(page.has_more);
      })
      .catch((err: unknown) => live && fail(err));
    return () => {
      live = false;
    };
  }, [session.token, projectId, fail]);

  const audit = async (task: Task, body: TaskAudit) => {
    setBusy(task.id);
    setError(null);
    try {
      await client(session.token).tasks.audit(task.id, body);
      setTasks((ts) => ts?.filter((t) => t.id !== task.id) ?? null);
      setDone((n) => n + 1);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="page">
      <NavLink to={`/projects/${encodeURIComponent(projectId)}`}>← Project</NavLink>
      <h1>Review queue</h1>
      <p aria-live="polite" className="muted">
        {done > 0 && `${done} reviewed. `}
        {tasks && `${tasks.length}${hasMore ? '+' : ''} waiting.`}
      </p>
      <ErrorAlert message={error} />
      {tasks === null && !error && <p aria-live="polite">Loading…</p>}
      {tasks?.length === 0 && <p>Nothing waits for review.</p>}
      {tasks?.map((t) => (
        <ReviewItem
          key={t.id}
          task={t}
          busy={busy === t.id}
          fixing={fixing === t.id}
          onFixing={(on) => setFixing(on ? t.id : null)}
          onAccept={() => void audit(t, { result: 'accepted' })}
          onFix={(response) => void audit(t, { result: 'fixed', response })}
        />
      ))}
      {hasMore && tasks?.length === 0 && <p>More tasks wait; reload to see them.</p>}
    </div>
  );
}
