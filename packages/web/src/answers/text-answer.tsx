import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';

/** A text answer: Enter submits, Shift+Enter starts a new line. */
export function TextAnswer({ label, initial = '', placeholder, required = true, onSubmit, busy }: {
  label: string;
  initial?: string;
  placeholder?: string | undefined;
  required?: boolean;
  onSubmit: (text: string) => void;
  busy: boolean;
}) {
  const id = useId();
  const [text, setText] = useState(initial);
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (busy || (required && !text.trim())) return;
    onSubmit(text);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey) submit(e);
  };
  return (
    <form className="stack" onSubmit={submit}>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} value={text} placeholder={placeholder} required={required} rows={Math.min(12, Math.max(3, text.split('\n').length + 1))} onChange={(e) => setText(e.target.value)} onKeyDown={onKeyDown} autoFocus />
      <button type="submit" className="primary" disabled={busy}>
        Submit <kbd aria-hidden="true">Enter</kbd>
      </button>
    </form>
  );
}
