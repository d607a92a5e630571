/** A piece of requester text shown as plain text (line breaks kept), under a heading. */
export function Passage({ label, text }: { label: string; text: string | undefined }) {
  if (!text) return null;
  return (
    <section className="passage" aria-label={label}>
      <h3>{label}</h3>
      <p>{text}</p>
    </section>
  );
}
