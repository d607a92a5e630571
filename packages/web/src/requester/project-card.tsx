import type { Project } from '@minga/sdk';
import { NavLink } from '../nav-link.tsx';
import { client, type StoredSession } from '../session.ts';
import { ProgressBar } from './progress-bar.tsx';
import { useFetched } from './use-fetched.ts';

/** One of the requester's projects, with its progress. */
export function ProjectCard({ session, project, onExpired }: { session: StoredSession; project: Project; onExpired: () => void }) {
  const stats = useFetched(() => client(session.token).projects.stats(project.id), project.id, onExpired);
  return (
    <li className="project-card">
      <NavLink to={`/projects/${encodeURIComponent(project.id)}`}>
        <strong>{project.name}</strong>
      </NavLink>
      {project.description && <span className="muted">{project.description}</span>}
      <span className="muted">{project.status}</span>
      {stats.value && <ProgressBar stats={stats.value} label={project.name} />}
      {stats.error && <span className="error">{stats.error}</span>}
    </li>
  );
}
