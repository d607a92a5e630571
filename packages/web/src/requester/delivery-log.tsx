import type { WebhookDelivery } from '@minga/sdk';
import { useState } from 'react';
import { client, type StoredSession } from '../session.ts';
import { useAction } from './use-action.ts';
import { useFetched } from './use-fetched.ts';
import { ErrorAlert } from '../error-alert.tsx';

/** The latest webhook deliveries (status, attempts, last status code), each with Replay. */
export function DeliveryLog({ session, version, onExpired }: { session: StoredSession; version: number; onExpired: () => void }) {
  const [replayed, setReplayed] = useState(0);
  const api = client(session.token).webhookDeliveries;
  const page = useFetched(() => api.listPage({ limit: 50 }), `${session.token}|${version}|${replayed}`, onExpired);
  const action = useAction(onExpired);
  const replay = async (d: WebhookDelivery) => {
    if (await action.run(() => api.replay(d.id))) setReplayed((n) => n + 1);
  };
  return (
    <section aria-labelledby="deliveries-heading" className="stack">
      <h2 id="deliveries-heading">Delivery log</h2>
      <ErrorAlert message={page.error ?? action.error} />
      {page.value?.data.length === 0 && <p className="muted">No deliveries yet.</p>}
      {page.value && page.value.data.length > 0 && (
        <table className="task-table">
          <caption className="visually-hidden">Deliveries</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">URL</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last status code</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {page.value.data.map((d) => (
              <tr key={d.id} data-delivery-id={d.id}>
                <td>{d.event}</td>
                <td className="clip">{d.url}</td>
                <td>{d.status}</td>
                <td>{d.attempts}</td>
                <td title={d.last_error ?? undefined}>{d.last_status_code ?? (d.last_error ? 'error' : '–')}</td>
                <td>
                  <button type="button" disabled={action.busy} aria-label={`Replay ${d.event} to ${d.url}`} onClick={() => void replay(d)}>
                    Replay
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
