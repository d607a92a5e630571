import type { WebhookEndpoint, WebhookEndpointWithSecret } from '@minga/sdk';
import { useState } from 'react';
import { collect } from '../requester/collect.ts';
import { DeliveryLog } from '../requester/delivery-log.tsx';
import { EndpointRow } from '../requester/endpoint-row.tsx';
import { SecretOnce } from '../requester/secret-once.tsx';
import { useAction } from '../requester/use-action.ts';
import { useFetched } from '../requester/use-fetched.ts';
import { client, type StoredSession } from '../session.ts';
import { ErrorAlert } from '../error-alert.tsx';
import { ActionForm } from '../requester/action-form.tsx';

/** Webhook endpoints (create with URL and events, secret shown once; disable/enable; delete) and the delivery log with Replay. */
export function WebhooksScreen({ session, onExpired }: { session: StoredSession; onExpired: () => void }) {
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState('*');
  const [created, setCreated] = useState<WebhookEndpointWithSecret | null>(null);
  const api = client(session.token).webhookEndpoints;
  const endpoints = useFetched<WebhookEndpoint[]>(() => collect(api.list({ limit: 100 })), `${session.token}|${version}`, onExpired);
  const action = useAction(onExpired);

  const create = async () => {
    const list = events
      .split(/[\s,]+/)
      .map((e) => e.trim())
      .filter(Boolean);
    const made = await action.run(() => api.create({ url: url.trim(), events: list.length ? list : ['*'] }));
    if (!made) return;
    setCreated(made);
    setUrl('');
    reload();
  };

  return (
    <div className="page stack">
      <h1>Webhooks</h1>
      <section aria-labelledby="new-endpoint-heading" className="stack panel">
        <h2 id="new-endpoint-heading">New endpoint</h2>
        {created && <SecretOnce label={`Signing secret for ${created.endpoint.url}`} value={created.secret} onDismiss={() => setCreated(null)} />}
        <ActionForm action={create}>
          <label className="stack">
            Endpoint URL
            <input type="url" required value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://example.com/minga" />
          </label>
          <label className="stack">
            Events (comma-separated: *, task.*, task.completed…)
            <input required value={events} onChange={(e) => setEvents(e.target.value)} />
          </label>
          <ErrorAlert message={action.error} />
          <button type="submit" className="primary" disabled={action.busy}>
            Add endpoint
          </button>
        </ActionForm>
      </section>
      <ErrorAlert message={endpoints.error} />
      {endpoints.value?.length === 0 && <p>No endpoints yet.</p>}
      {endpoints.value && endpoints.value.length > 0 && (
        <table className="task-table">
          <caption>Endpoints</caption>
          <thead>
            <tr>
              <th scope="col">URL</th>
              <th scope="col">Events</th>
              <th scope="col">Status</th>
              <th scope="col">Secret</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {endpoints.value.map((e) => (
              <EndpointRow key={`${e.id}|${e.updated_at}`} session={session} endpoint={e} onChanged={reload} onExpired={onExpired} />
            ))}
          </tbody>
        </table>
      )}
      <DeliveryLog session={session} version={version} onExpired={onExpired} />
    </div>
  );
}
