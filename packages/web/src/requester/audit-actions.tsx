import type { Task } from '@minga/sdk';
import { ANSWER_FOR_TYPE } from '../answers/answer-for-type.tsx';

export interface AuditActionProps {
  task: Task;
  busy: boolean;
  fixing: boolean;
  onFixing: (on: boolean) => void;
  onAccept: () => void;
  onFix: (answer: unknown) => void;
  /** Shown only when given: the review queue accepts or fixes, the task page can also reject. */
  onReject?: () => void;
}

/**
 * Accept, (Reject,) or Fix a task's result. Fix shows the same answer component the helper used (one task at a
 * time, as its keys are global), and what the requester answers there becomes the task's result.
 */
export function AuditActions({ task, busy, fixing, onFixing, onAccept, onFix, onReject }: AuditActionProps) {
  const Answer = ANSWER_FOR_TYPE[task.type];
  if (fixing)
    return (
      <section aria-label="Correct answer" className="stack">
        <h3>Correct answer</h3>
        <Answer task={task} onAnswer={onFix} busy={busy} />
        <button type="button" onClick={() => onFixing(false)} disabled={busy}>
          Cancel fix
        </button>
      </section>
    );
  return (
    <div className="review-actions">
      <button type="button" className="primary" onClick={onAccept} disabled={busy}>
        Accept
      </button>
      {onReject && (
        <button type="button" onClick={onReject} disabled={busy}>
          Reject
        </button>
      )}
      <button type="button" onClick={() => onFixing(true)} disabled={busy}>
        Fix
      </button>
    </div>
  );
}
