/** An answer as text: strings as they are, anything else as JSON (React text, never HTML). */
export function AnswerText({ answer }: { answer: unknown }) {
  return <code className="answer-text">{typeof answer === 'string' ? answer : JSON.stringify(answer)}</code>;
}
