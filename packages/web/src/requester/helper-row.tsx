import type { Helper, Project } from '@minga/sdk';
import { useState } from 'react';
import { client, type StoredSession } from '../session.ts';
import { useAction } from './use-action.ts';

/** One helper: who, their projects (a checkbox each), super-user, and Remove. Changes are saved at once. */
export function HelperRow(props: { session: StoredSession; helper: Helper; projects: Project[]; onRemoved: () => void; onExpired: () => void }) {
  const { session, projects, onRemoved, onExpired } = props;
  const [helper, setHelper] = useState(props.helper);
  const action = useAction(onExpired);
  const who = helper.name ?? helper.email;
  const api = client(session.token).helpers;
  const save = async (patch: { project_ids?: string[]; super_user?: boolean }) => {
    const updated = await action.run(() => api.update(helper.id, patch));
    if (updated) setHelper(updated);
  };
  const ids = helper.projects.map((p) => p.project_id);
  return (
    <tr data-helper-id={helper.id}>
      <th scope="row">
        {who}
        <br />
        <span className="muted">
          {helper.email} · {helper.status}
        </span>
        {action.error && (
          <span role="alert" className="error">
            <br />
            {action.error}
          </span>
        )}
      </th>
      <td>
        {projects.map((p) => (
          <label key={p.id} className="inline">
            <input
              type="checkbox"
              aria-label={`${who} may work on ${p.name}`}
              checked={ids.includes(p.id)}
              disabled={action.busy}
              onChange={(e) => void save({ project_ids: e.target.checked ? [...ids, p.id] : ids.filter((id) => id !== p.id) })}
            />
            {p.name}
            {helper.projects.find((hp) => hp.project_id === p.id)?.banned && <span className="error"> (banned)</span>}
          </label>
        ))}
      </td>
      <td>
        <input
          type="checkbox"
          aria-label={`${who} is a super user`}
          checked={helper.super_user}
          disabled={action.busy}
          onChange={(e) => void save({ super_user: e.target.checked })}
        />
      </td>
      <td>
        <button
          type="button"
          disabled={action.busy}
          aria-label={`Remove ${who}`}
          onClick={() => {
            if (!window.confirm(`Remove ${who}?`)) return;
            void action
              .run(async () => {
                await api.remove(helper.id);
                return true;
              })
              .then((removed) => removed && onRemoved());
          }}
        >
          Remove
        </button>
      </td>
    </tr>
  );
}
