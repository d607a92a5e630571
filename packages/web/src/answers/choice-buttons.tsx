import { useKeys } from '../work/use-keys.ts';

export interface Choice {
  value: string;
  label: string;
  /** The key that picks it, shown on the button; '' for none. */
  key: string;
}

/** Choices numbered 1–9 (a tenth choice and later are picked by mouse or Tab). */
export function numbered(values: string[]): Choice[] {
  return values.map((value, i) => ({ value, label: value, key: i < 9 ? String(i + 1) : '' }));
}

/**
 * One button per choice; a click or the choice's key answers at once. Labels are requester text and are
 * rendered as text, never as HTML.
 */
export function ChoiceButtons({ legend, choices, onChoose, busy }: { legend: string; choices: Choice[]; onChoose: (value: string) => void; busy: boolean }) {
  useKeys(Object.fromEntries(choices.filter((c) => c.key).map((c) => [c.key, () => !busy && onChoose(c.value)])));
  return (
    <fieldset className="choices">
      <legend>{legend}</legend>
      {choices.map((c) => (
        <button type="button" key={c.value} disabled={busy} aria-keyshortcuts={c.key || undefined} onClick={() => onChoose(c.value)}>
          {c.key && <kbd aria-hidden="true">{c.key}</kbd>}
          <span>{c.label}</span>
        </button>
      ))}
    </fieldset>
  );
}
