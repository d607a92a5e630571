import type { ProjectStats } from '@minga/sdk';
import { TASK_STATUSES } from './task-statuses.ts';


/** How far a project is: completed of total as a bar, then the count of each status. */
export function ProgressBar({ stats, label }: { stats: ProjectStats; label: string }) {
  const { total, completed } = stats.tasks;
  return (
    <div className="progress">
      <progress aria-label={`${label} progress`} max={Math.max(total, 1)} value={completed} />
      <span>
        {completed} of {total} completed
      </span>
      <ul className="status-counts" aria-label={`${label} tasks by status`}>
        {TASK_STATUSES.filter((s) => stats.tasks[s] > 0).map((s) => (
          <li key={s}>
            {s.replaceAll('_', ' ')}: <strong>{stats.tasks[s]}</strong>
          </li>
        ))}
      </ul>
    </div>
  );
}
