import type { Project } from '@minga/sdk';
import { ProjectCard } from '../requester/project-card.tsx';
import { useFetched } from '../requester/use-fetched.ts';
import { client, type StoredSession } from '../session.ts';
import { ErrorAlert } from '../error-alert.tsx';

/** The requester's projects, each with its progress. */
export function RequesterProjectsScreen({ session, onExpired }: { session: StoredSession; onExpired: () => void }) {
  const projects = useFetched(
    async () => {
      const all: Project[] = [];
      for await (const p of client(session.token).projects.list({ limit: 100 })) all.push(p);
      return all;
    },
    session.token,
    onExpired,
  );
  return (
    <div className="page">
      <h1>Your projects</h1>
      <ErrorAlert message={projects.error} />
      {projects.value === null && !projects.error && <p aria-live="polite">Loading…</p>}
      {projects.value?.length === 0 && <p>No projects yet. Create one through the API.</p>}
      <ul className="project-list" aria-label="Projects">
        {projects.value?.map((p) => <ProjectCard key={p.id} session={session} project={p} onExpired={onExpired} />)}
      </ul>
    </div>
  );
}
