import type { ApiKey, ApiKeyWithSecret } from '@minga/sdk';
import { useState } from 'react';
import { collect } from '../requester/collect.ts';
import { SecretOnce } from '../requester/secret-once.tsx';
import { useAction } from '../requester/use-action.ts';
import { useFetched } from '../requester/use-fetched.ts';
import { client, type StoredSession } from '../session.ts';
import { ErrorAlert } from '../error-alert.tsx';
import { ActionForm } from '../requester/action-form.tsx';

/** The account's API keys: create one (its secret shown once), list them by prefix, revoke. */
export function ApiKeysScreen({ session, onExpired }: { session: StoredSession; onExpired: () => void }) {
  const [version, setVersion] = useState(0);
  const [name, setName] = useState('');
  const [mode, setMode] = useState<'live' | 'test'>('live');
  const [created, setCreated] = useState<ApiKeyWithSecret | null>(null);
  const api = client(session.token).apiKeys;
  const keys = useFetched<ApiKey[]>(() => collect(api.list({ limit: 100 })), `${session.token}|${version}`, onExpired);
  const action = useAction(onExpired);

  const create = async () => {
    const made = await action.run(() => api.create({ mode, ...(name.trim() ? { name: name.trim() } : {}) }));
    if (!made) return;
    setCreated(made);
    setName('');
    setVersion((v) => v + 1);
  };
  const revoke = async (key: ApiKey) => {
    if (!window.confirm(`Revoke ${key.prefix}…? It stops working at once.`)) return;
    if (await action.run(() => api.revoke(key.id))) setVersion((v) => v + 1);
  };

  return (
    <div className="page stack">
      <h1>API keys</h1>
      <section aria-labelledby="new-key-heading" className="stack panel">
        <h2 id="new-key-heading">New key</h2>
        {created && <SecretOnce label={`Secret of ${created.api_key.name ?? created.api_key.prefix}`} value={created.secret} onDismiss={() => setCreated(null)} />}
        <ActionForm action={create}>
          <label className="stack">
            Key name
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. staging" />
          </label>
          <label className="inline">
            Mode
            <select value={mode} onChange={(e) => setMode(e.target.value as 'live' | 'test')}>
              <option value="live">live</option>
              <option value="test">test (simulated helper, free)</option>
            </select>
          </label>
          <button type="submit" className="primary" disabled={action.busy}>
            Create key
          </button>
        </ActionForm>
      </section>
      <ErrorAlert message={keys.error ?? action.error} />
      {keys.value?.length === 0 && <p>No keys yet.</p>}
      {keys.value && keys.value.length > 0 && (
        <table className="task-table">
          <caption>Keys</caption>
          <thead>
            <tr>
              <th scope="col">Prefix</th>
              <th scope="col">Name</th>
              <th scope="col">Mode</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {keys.value.map((k) => (
              <tr key={k.id} data-key-id={k.id}>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>{k.name ?? '–'}</td>
                <td>{k.mode}</td>
                <td>{k.last_used_at ? new Date(k.last_used_at).toLocaleString() : 'never'}</td>
                <td>
                  {k.revoked_at ? (
                    `revoked ${new Date(k.revoked_at).toLocaleDateString()}`
                  ) : (
                    <button type="button" disabled={action.busy} aria-label={`Revoke ${k.prefix}`} onClick={() => void revoke(k)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
