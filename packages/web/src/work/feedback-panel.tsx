import type { SubmitResult } from '@minga/sdk';

const shown = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** After a missed control task: the expected answer and the requester's message; its button has the focus, so Enter goes on. */
export function FeedbackPanel({ feedback, onContinue }: { feedback: NonNullable<SubmitResult['feedback']>; onContinue: () => void }) {
  return (
    <section className="feedback" role="alert" aria-label="Feedback">
      <h1>Not quite</h1>
      <p>
        The expected answer was <strong>{shown(feedback.expected)}</strong>.
      </p>
      {feedback.message && <p>{feedback.message}</p>}
      <button type="button" className="primary" onClick={onContinue} autoFocus>
        Continue <kbd aria-hidden="true">Enter</kbd>
      </button>
    </section>
  );
}
