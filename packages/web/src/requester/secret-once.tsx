/** A secret the API shows only once (a key, a webhook secret, an invite link), with a hint to copy it now. */
export function SecretOnce({ label, value, onDismiss }: { label: string; value: string; onDismiss: () => void }) {
  return (
    <div className="secret-once" role="status">
      <label className="stack">
        {label}
        <input readOnly value={value} onFocus={(e) => e.target.select()} spellCheck={false} />
      </label>
      <p className="muted">Copy it now (select it and press Ctrl+C or ⌘C): it will not be shown again.</p>
      <button
        type="button"
        onClick={() => void navigator.clipboard?.writeText(value).catch(() => undefined)}
      >
        Copy
      </button>{' '}
      <button type="button" onClick={onDismiss}>
        Done
      </button>
    </div>
  );
}
