import type { HelperInvite, Project } from '@minga/sdk';
import { useState } from 'react';
import { client, type StoredSession } from '../session.ts';
import { SecretOnce } from './secret-once.tsx';
import { useAction } from './use-action.ts';
import { ErrorAlert } from '../error-alert.tsx';
import { ActionForm } from './action-form.tsx';

/** Invites a helper by email to the chosen projects; the invite link is shown once. */
export function InviteForm({ session, projects, onInvited, onExpired }: { session: StoredSession; projects: Project[]; onInvited: () => void; onExpired: () => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [projectIds, setProjectIds] = useState<string[]>([]);
  const [invite, setInvite] = useState<HelperInvite | null>(null);
  const action = useAction(onExpired);
  const submit = async () => {
    const made = await action.run(() =>
      client(session.token).helpers.invite({ email, ...(name.trim() ? { name: name.trim() } : {}), project_ids: projectIds }),
    );
    if (!made) return;
    setInvite(made);
    setEmail('');
    setName('');
    setProjectIds([]);
    onInvited();
  };
  return (
    <section aria-labelledby="invite-heading" className="stack panel">
      <h2 id="invite-heading">Invite a helper</h2>
      {invite && <SecretOnce label={`Invite link for ${invite.helper.email}`} value={invite.invite_url} onDismiss={() => setInvite(null)} />}
      <ActionForm action={submit}>
        <label className="stack">
          Helper email
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="stack">
          Helper name (optional)
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        {projects.length > 0 && (
          <fieldset className="checks">
            <legend>Projects</legend>
            {projects.map((p) => (
              <label key={p.id} className="inline">
                <input
                  type="checkbox"
                  checked={projectIds.includes(p.id)}
                  onChange={(e) => setProjectIds((ids) => (e.target.checked ? [...ids, p.id] : ids.filter((id) => id !== p.id)))}
                />
                {p.name}
              </label>
            ))}
          </fieldset>
        )}
        <ErrorAlert message={action.error} />
        <button type="submit" className="primary" disabled={action.busy}>
          Invite
        </button>
      </ActionForm>
    </section>
  );
}
