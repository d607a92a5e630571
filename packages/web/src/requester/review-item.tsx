import type { Task } from '@minga/sdk';
import { ANSWER_FOR_TYPE } from '../answers/answer-for-type.tsx';
import { TaskContent } from '../content/task-content.tsx';
import { AnswerText } from './answer-text.tsx';

/**
 * One task waiting for review: its content, what the helpers answered, and Accept or Fix. Fix shows the same
 * answer component the helper used (one task at a time, as its keys are global), and what the requester answers there becomes the task's result.
 */
export function ReviewItem(props: { task: Task; busy: boolean; fixing: boolean; onFixing: (on: boolean) => void; onAccept: () => void; onFix: (answer: unknown) => void }) {
  const { task, busy, fixing, onFixing, onAccept, onFix } = props;
  const Answer = ANSWER_FOR_TYPE[task.type];
  const heading = `review-${task.id}`;
  return (
    <article className="review-item task" data-task-id={task.id} data-task-type={task.type} aria-labelledby={heading}>
      <h2 id={heading}>{task.description ?? `Task: ${task.type.replaceAll('_', ' ')}`}</h2>
      <TaskContent task={task} />
      <section aria-label="Submissions">
        <h3>Submissions</h3>
        {task.submissions?.length ? (
          <ul className="submissions">
            {task.submissions.map((s, i) => (
              <li key={`${s.helper_id}-${i}`}>
                <span className="muted">{s.helper_name ?? s.helper_id}:</span> <AnswerText answer={s.answer} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No submissions.</p>
        )}
      </section>
      {fixing ? (
        <section aria-label="Correct answer" className="stack">
          <h3>Correct answer</h3>
          <Answer task={task} onAnswer={onFix} busy={busy} />
          <button type="button" onClick={() => onFixing(false)} disabled={busy}>
            Cancel fix
          </button>
        </section>
      ) : (
        <div className="review-actions">
          <button type="button" className="primary" onClick={onAccept} disabled={busy}>
            Accept
          </button>
          <button type="button" onClick={() => onFixing(true)} disabled={busy}>
            Fix
          </button>
        </div>
      )}
    </article>
  );
}
