import type { Task } from '@minga/sdk';
import { AnswerText } from './answer-text.tsx';

/** What each helper answered (as text), and how long they took. */
export function SubmissionList({ task }: { task: Task }) {
  return (
    <section aria-label="Submissions">
      <h3>Submissions</h3>
      {task.submissions?.length ? (
        <ul className="submissions">
          {task.submissions.map((s, i) => (
            <li key={`${s.helper_id}-${i}`}>
              <span className="muted">{s.helper_name ?? s.helper_id}:</span> <AnswerText answer={s.answer} />{' '}
              <span className="muted">({Math.round(s.seconds_spent)} s)</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No submissions.</p>
      )}
    </section>
  );
}
