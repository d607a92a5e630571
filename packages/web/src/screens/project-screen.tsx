import type { Page, Task } from '@minga/sdk';
import { useState } from 'react';
import { NavLink } from '../nav-link.tsx';
import { ProgressBar } from '../requester/progress-bar.tsx';
import { ProjectCharts } from '../requester/project-charts.tsx';
import { TASK_STATUSES, type TaskStatus as Status } from '../requester/task-statuses.ts';
import { TaskTable } from '../requester/task-table.tsx';
import { useFetched } from '../requester/use-fetched.ts';
import { client, type StoredSession } from '../session.ts';
import { ErrorAlert } from '../error-alert.tsx';

const PAGE_SIZE = 25;

/** The task types, for the type filter (a copy of the contract's list keeps zod out of the bundle). */
const TASK_TYPES = ['yesno', 'multi', 'fill', 'form', 'categorization', 'label_image', 'label_text', 'rate_quality', 'verify_fact', 'moderate_content', 'compare_rank', 'answer_question', 'transcription_review'] as const;

/** One project: its progress, and its tasks a page at a time (keyset paging), filtered by status, type and tag. */
export function ProjectScreen({ session, projectId, onExpired }: { session: StoredSession; projectId: string; onExpired: () => void }) {
  const [status, setStatus] = useState<Status | ''>('');
  const [type, setType] = useState<(typeof TASK_TYPES)[number] | ''>('');
  const [tag, setTag] = useState('');
  // The cursors of the pages seen so far, to go back; the last one is the current page's.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const api = client(session.token);
  const project = useFetched(() => api.projects.get(projectId), projectId, onExpired);
  const stats = useFetched(() => api.projects.stats(projectId), projectId, onExpired);
  const page = useFetched<Page<Task>>(
    () =>
      api.tasks.listPage({ project_id: projectId, limit: PAGE_SIZE, ...(status ? { status } : {}), ...(type ? { type } : {}), ...(tag ? { tag } : {}), ...(cursor ? { cursor } : {}) }),
    `${projectId}|${status}|${type}|${tag}|${cursor ?? ''}`,
    onExpired,
  );
  const name = project.value?.name ?? 'Project';

  return (
    <div className="page">
      <NavLink to="/">← Projects</NavLink>
      <h1>{name}</h1>
      {project.value?.description && <p className="muted">{project.value.description}</p>}
      {stats.value && <ProgressBar stats={stats.value} label={name} />}
      {stats.value && <ProjectCharts stats={stats.value} />}
      <p>
        <NavLink to={`/projects/${encodeURIComponent(projectId)}/review`} className="button-link">
          Review queue{stats.value ? ` (${stats.value.tasks.needs_review})` : ''}
        </NavLink>
      </p>
      <section aria-label="Tasks" className="stack">
        <label className="inline">
          Filter by status
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as Status | '');
              setCursors([undefined]);
            }}
          >
            <option value="">All</option>
            {TASK_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          Filter by type
          <select
            value={type}
            onChange={(e) => {
              setType(e.target.value as (typeof TASK_TYPES)[number] | '');
              setCursors([undefined]);
            }}
          >
            <option value="">All</option>
            {TASK_TYPES.map((t) => (
              <option key={t} value={t}>
                {t.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
        </label>
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            setTag(String(new FormData(e.currentTarget).get('tag') ?? '').trim());
            setCursors([undefined]);
          }}
        >
          <label className="inline">
            Filter by tag
            <input name="tag" defaultValue={tag} placeholder="any tag" />
          </label>
          <button type="submit">Apply</button>
        </form>
        <ErrorAlert message={page.error ?? project.error} />
        {page.value === null && !page.error && <p aria-live="polite">Loading…</p>}
        {page.value?.data.length === 0 && <p>No tasks here.</p>}
        {page.value && page.value.data.length > 0 && <TaskTable tasks={page.value.data} />}
        <div className="pager">
          <button type="button" disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>
            Previous page
          </button>
          <span className="muted">Page {cursors.length}</span>
          <button
            type="button"
            disabled={!page.value?.has_more || !page.value.next_cursor}
            onClick={() => {
              const next = page.value?.next_cursor;
              if (next) setCursors((c) => [...c, next]);
            }}
          >
            Next page
          </button>
        </div>
      </section>
    </div>
  );
}
