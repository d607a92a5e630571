import { useMemo, useState, type FormEvent } from 'react';
import type { AnswerProps } from './answer-props.ts';
import { formFieldsOf, type FormField } from '../content/form-fields.ts';
import type { HelperTask } from '../work/helper-task.ts';

type Value = string | number | boolean | null;

/** The fields to ask for: the task's `input.fields`, else those of its HTML form, else one answer field. */
function fieldsOf(task: HelperTask): FormField[] {
  const declared = Array.isArray(task.input.fields) ? (task.input.fields as { name: string; label?: string; required?: boolean }[]) : [];
  const fromHtml = task.format === 'html' && task.content ? formFieldsOf(task.content) : [];
  if (declared.length > 0) {
    return declared.map((f) => fromHtml.find((h) => h.name === f.name) ?? { name: f.name, label: f.label ?? f.name, kind: 'text', options: [], required: f.required ?? false });
  }
  return fromHtml.length > 0 ? fromHtml : [{ name: 'answer', label: 'Your answer', kind: 'textarea', options: [], required: true }];
}

/** A requester form (shown above in its sandbox), answered with the app's own controls: field name → value. */
export function FormAnswer({ task, onAnswer, busy }: AnswerProps) {
  const fields = useMemo(() => fieldsOf(task), [task]);
  const [values, setValues] = useState<Record<string, Value>>(() => Object.fromEntries(fields.map((f) => [f.name, f.kind === 'checkbox' ? false : ''])));
  const set = (name: string, value: Value) => setValues((v) => ({ ...v, [name]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const answer = Object.fromEntries(fields.map((f) => [f.name, f.kind === 'number' && values[f.name] !== '' ? Number(values[f.name]) : (values[f.name] ?? null)]));
    onAnswer(answer);
  };
  return (
    <form className="stack form-answer" onSubmit={submit} aria-label="Form answer">
      {fields.map((f, i) => (
        <FieldControl key={f.name} field={f} value={values[f.name] ?? ''} onChange={(v) => set(f.name, v)} autoFocus={i === 0} />
      ))}
      <button type="submit" className="primary" disabled={busy}>
        Submit <kbd aria-hidden="true">Enter</kbd>
      </button>
    </form>
  );
}

function FieldControl({ field: f, value, onChange, autoFocus }: { field: FormField; value: Value; onChange: (v: Value) => void; autoFocus: boolean }) {
  const name = `field-${f.name}`;
  if (f.kind === 'checkbox') {
    return (
      <label className="inline">
        <input type="checkbox" name={name} checked={value === true} onChange={(e) => onChange(e.target.checked)} autoFocus={autoFocus} /> {f.label}
      </label>
    );
  }
  if (f.kind === 'radio') {
    return (
      <fieldset>
        <legend>{f.label}</legend>
        {f.options.map((o) => (
          <label key={o} className="inline">
            <input type="radio" name={name} value={o} required={f.required} checked={value === o} onChange={() => onChange(o)} /> {o}
          </label>
        ))}
      </fieldset>
    );
  }
  return (
    <label>
      {f.label}
      {f.kind === 'select' ? (
        <select name={name} required={f.required} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} autoFocus={autoFocus}>
          <option value="">Choose…</option>
          {f.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      ) : f.kind === 'textarea' ? (
        <textarea name={name} required={f.required} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} autoFocus={autoFocus} />
      ) : (
        <input type={f.kind === 'number' ? 'number' : 'text'} name={name} required={f.required} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} autoFocus={autoFocus} />
      )}
    </label>
  );
}
