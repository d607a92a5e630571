import { client, type StoredSession } from '../session.ts';
import { NavLink } from '../nav-link.tsx';
import { StatsPanel } from './stats-panel.tsx';
import { ErrorAlert } from '../error-alert.tsx';
import { useFetched } from '../requester/use-fetched.ts';

/** The open projects the helper may work on; picking one starts the work loop. */
export function ProjectsScreen({ session, onExpired }: { session: StoredSession; onExpired: () => void }) {
  const { value: projects, error } = useFetched(async () => (await client(session.token).work.projects()).data, session.token, onExpired);

  return (
    <div className="page">
      <h1>Projects with work for you</h1>
      <ErrorAlert message={error} />
      {projects === null && !error && <p aria-live="polite">Loading…</p>}
      {projects?.length === 0 && <p>No open project has work for you right now.</p>}
      <ul className="project-list">
        {projects?.map((p) => (
          <li key={p.id}>
            <NavLink className="project-card" to={`/work/${encodeURIComponent(p.id)}`}>
              <strong>{p.name}</strong>
              {p.description && <span className="muted">{p.description}</span>}
              <span className="muted">Your level: {p.skill_level} of 5</span>
            </NavLink>
          </li>
        ))}
      </ul>
      <StatsPanel session={session} />
    </div>
  );
}
