import { TaskContent } from '../content/task-content.tsx';
import { NavLink } from '../nav-link.tsx';
import { AuditActions, type AuditActionProps } from './audit-actions.tsx';
import { SubmissionList } from './submission-list.tsx';

/** One task waiting for review: its content, what the helpers answered, and Accept or Fix. */
export function ReviewItem(props: AuditActionProps) {
  const { task } = props;
  const heading = `review-${task.id}`;
  return (
    <article className="review-item task" data-task-id={task.id} data-task-type={task.type} aria-labelledby={heading}>
      <h2 id={heading}>{task.description ?? `Task: ${task.type.replaceAll('_', ' ')}`}</h2>
      <TaskContent task={task} />
      <SubmissionList task={task} />
      <AuditActions {...props} />
      <NavLink to={`/tasks/${encodeURIComponent(task.id)}`} className="muted">
        Task details
      </NavLink>
    </article>
  );
}
