import type { Helper } from '@minga/sdk';
import { client, type StoredSession } from '../session.ts';
import { useFetched } from './use-fetched.ts';

const percent = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)}%`);

/** One helper's accuracy and speed (`GET /v1/helpers/{id}/stats`). */
export function HelperStatsRow({ session, helper, onExpired }: { session: StoredSession; helper: Helper; onExpired: () => void }) {
  const stats = useFetched(() => client(session.token).helpers.stats(helper.id), helper.id, onExpired);
  const s = stats.value;
  return (
    <tr data-helper-id={helper.id}>
      <th scope="row">{helper.name ?? helper.email}</th>
      <td>{s ? percent(s.accuracy) : '…'}</td>
      <td>{s?.skill_level ?? '…'}</td>
      <td>{s ? (s.seconds_per_task === null ? '–' : s.seconds_per_task.toFixed(1)) : '…'}</td>
      <td>{s?.answers ?? (stats.error ? <span className="error">{stats.error}</span> : '…')}</td>
    </tr>
  );
}
