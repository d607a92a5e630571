import type { WebhookEndpoint } from '@minga/sdk';
import { client, type StoredSession } from '../session.ts';
import { useAction } from './use-action.ts';

/** One webhook endpoint: URL, events, health, and Disable/Enable and Delete. */
export function EndpointRow({ session, endpoint, onChanged, onExpired }: { session: StoredSession; endpoint: WebhookEndpoint; onChanged: () => void; onExpired: () => void }) {
  const action = useAction(onExpired);
  const api = client(session.token).webhookEndpoints;
  const enabled = endpoint.status === 'enabled';
  return (
    <tr data-endpoint-id={endpoint.id}>
      <td className="clip">
        {endpoint.url}
        {endpoint.description && <span className="muted"> · {endpoint.description}</span>}
        {action.error && (
          <span role="alert" className="error">
            <br />
            {action.error}
          </span>
        )}
      </td>
      <td>{endpoint.events.join(', ')}</td>
      <td>
        {endpoint.status}
        {endpoint.disabled_reason && <span className="muted"> ({endpoint.disabled_reason})</span>}
        {endpoint.failing_since && <span className="error"> failing since {new Date(endpoint.failing_since).toLocaleString()}</span>}
      </td>
      <td>
        <code>{endpoint.secret_prefix}…</code>
      </td>
      <td className="row-actions">
        <button
          type="button"
          disabled={action.busy}
          aria-label={`${enabled ? 'Disable' : 'Enable'} ${endpoint.url}`}
          onClick={() => void action.run(() => api.update(endpoint.id, { enabled: !enabled })).then((e) => e && onChanged())}
        >
          {enabled ? 'Disable' : 'Enable'}
        </button>
        <button
          type="button"
          disabled={action.busy}
          aria-label={`Delete ${endpoint.url}`}
          onClick={() => {
            if (!window.confirm(`Delete the endpoint ${endpoint.url}?`)) return;
            void action
              .run(async () => {
                await api.delete(endpoint.id);
                return true;
              })
              .then((deleted) => deleted && onChanged());
          }}
        >
          Delete
        </button>
      </td>
    </tr>
  );
}
