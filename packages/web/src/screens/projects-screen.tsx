import type { WorkProject } from '@minga/sdk';
import { useEffect, useState } from 'react';
import { errorMessage } from '../error-message.ts';
import { client, type StoredSession } from '../session.ts';
import { navigate } from '../use-location.ts';
import { StatsPanel } from './stats-panel.tsx';
import { ErrorAlert } from '../error-alert.tsx';

/** The open projects the helper may work on; picking one starts the work loop. */
export function ProjectsScreen({ session, onExpired }: { session: StoredSession; onExpired: () => void }) {
  const [projects, setProjects] = useState<WorkProject[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    client(session.token)
      .work.projects()
      .then(({ data }) => live && setProjects(data))
      .catch((err: unknown) => {
        const e = errorMessage(err);
        if (e.expired) onExpired();
        else if (live) setError(e.message);
      });
    return () => {
      live = false;
    };
  }, [session.token, onExpired]);

  return (
    <div className="page">
      <h1>Projects with work for you</h1>
      <ErrorAlert message={error} />
      {projects === null && !error && <p aria-live="polite">Loading…</p>}
      {projects?.length === 0 && <p>No open project has work for you right now.</p>}
      <ul className="project-list">
        {projects?.map((p) => (
          <li key={p.id}>
            <a
              className="project-card"
              href={`/work/${encodeURIComponent(p.id)}`}
              onClick={(e) => {
                e.preventDefault();
                navigate(`/work/${encodeURIComponent(p.id)}`);
              }}
            >
              <strong>{p.name}</strong>
              {p.description && <span className="muted">{p.description}</span>}
              <span className="muted">Your level: {p.skill_level} of 5</span>
            </a>
          </li>
        ))}
      </ul>
      <StatsPanel session={session} />
    </div>
  );
}
