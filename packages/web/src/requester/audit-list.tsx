import type { Task } from '@minga/sdk';
import { AnswerText } from './answer-text.tsx';

/** The requester's reviews of a task, oldest first. */
export function AuditList({ task }: { task: Task }) {
  return (
    <section aria-label="Audits">
      <h3>Audits</h3>
      {task.audits.length ? (
        <ul className="submissions">
          {task.audits.map((a, i) => (
            <li key={`${a.audited_at}-${i}`}>
              <strong>{a.audit_result}</strong> <span className="muted">{new Date(a.audited_at).toLocaleString()}</span>
              {a.response !== undefined && (
                <>
                  {' '}
                  → <AnswerText answer={a.response} />
                </>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Not reviewed.</p>
      )}
    </section>
  );
}
