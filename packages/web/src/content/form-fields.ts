/** One field of a requester form, as the app's own control will ask for it. */
export interface FormField {
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'number' | 'checkbox' | 'select' | 'radio';
  options: string[];
  required: boolean;
}

/**
 * The fields of a requester's HTML form. The form itself is shown in a sandboxed iframe whose document the
 * app cannot read (no `allow-same-origin`) and whose scripts cannot run, so the app asks for the same
 * fields with its own controls. DOMParser builds an inert document: nothing in it loads or runs.
 */
export function formFieldsOf(html: string): FormField[] {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const fields = new Map<string, FormField>();
  for (const el of doc.querySelectorAll<HTMLElement>('input[name], select[name], textarea[name]')) {
    const name = el.getAttribute('name') ?? '';
    const type = (el.getAttribute('type') ?? 'text').toLowerCase();
    if (!/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/.test(name) || ['hidden', 'submit', 'button', 'reset', 'image', 'file'].includes(type)) continue;
    const existing = fields.get(name);
    if (existing?.kind === 'radio') {
      existing.options.push(el.getAttribute('value') ?? '');
      continue;
    }
    if (existing) continue;
    const kind: FormField['kind'] =
      el.tagName === 'SELECT' ? 'select' : el.tagName === 'TEXTAREA' ? 'textarea' : type === 'checkbox' ? 'checkbox' : type === 'radio' ? 'radio' : type === 'number' ? 'number' : 'text';
    const options =
      kind === 'select' ? [...el.querySelectorAll('option')].map((o) => o.getAttribute('value') ?? o.textContent ?? '') : kind === 'radio' ? [el.getAttribute('value') ?? ''] : [];
    fields.set(name, { name, label: labelOf(doc, el, name), kind, options, required: el.hasAttribute('required') });
  }
  return [...fields.values()];
}

function labelOf(doc: Document, el: HTMLElement, name: string): string {
  const id = el.getAttribute('id');
  const byFor = id ? doc.querySelector(`label[for="${CSS.escape(id)}"]`) : null;
  const text = (byFor ?? el.closest('label'))?.textContent?.trim() || el.getAttribute('aria-label') || el.getAttribute('placeholder');
  return (text || name).slice(0, 200);
}
