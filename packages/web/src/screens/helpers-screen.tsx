import type { Helper, Project } from '@minga/sdk';
import { useState } from 'react';
import { client, type StoredSession } from '../session.ts';
import { collect } from '../requester/collect.ts';
import { HelperRow } from '../requester/helper-row.tsx';
import { HelperStatsRow } from '../requester/helper-stats-row.tsx';
import { InviteForm } from '../requester/invite-form.tsx';
import { useFetched } from '../requester/use-fetched.ts';
import { ErrorAlert } from '../error-alert.tsx';

/** The account's helpers: invite (link shown once), projects and super-user per helper, remove, and their accuracy and speed. */
export function HelpersScreen({ session, onExpired }: { session: StoredSession; onExpired: () => void }) {
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);
  const api = client(session.token);
  const data = useFetched<{ helpers: Helper[]; projects: Project[] }>(
    async () => {
      const [helpers, projects] = await Promise.all([collect(api.helpers.list({ limit: 100 })), collect(api.projects.list({ limit: 100 }))]);
      return { helpers, projects };
    },
    `${session.token}|${version}`,
    onExpired,
  );
  const [loaded, setLoaded] = useState<typeof data.value>(null);
  if (data.value && data.value !== loaded) setLoaded(data.value);
  const shown = data.value ?? loaded;

  return (
    <div className="page stack">
      <h1>Helpers</h1>
      <ErrorAlert message={data.error} />
      {!shown && !data.error && <p aria-live="polite">Loading…</p>}
      {shown && <InviteForm session={session} projects={shown.projects} onInvited={reload} onExpired={onExpired} />}
      {shown?.helpers.length === 0 && <p>No helpers yet.</p>}
      {shown && shown.helpers.length > 0 && (
        <>
          <table className="task-table" aria-labelledby="helpers-heading">
            <caption id="helpers-heading">Helpers and permissions</caption>
            <thead>
              <tr>
                <th scope="col">Helper</th>
                <th scope="col">Projects</th>
                <th scope="col">Super user</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.helpers.map((h) => (
                <HelperRow key={`${h.id}|${version}`} session={session} helper={h} projects={shown.projects} onRemoved={reload} onExpired={onExpired} />
              ))}
            </tbody>
          </table>
          <table className="task-table" aria-labelledby="accuracy-heading">
            <caption id="accuracy-heading">Accuracy and speed</caption>
            <thead>
              <tr>
                <th scope="col">Helper</th>
                <th scope="col">Accuracy</th>
                <th scope="col">Skill level</th>
                <th scope="col">Seconds per task</th>
                <th scope="col">Answers</th>
              </tr>
            </thead>
            <tbody>
              {shown.helpers.map((h) => (
                <HelperStatsRow key={`${h.id}|${version}`} session={session} helper={h} onExpired={onExpired} />
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
