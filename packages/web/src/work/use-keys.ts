import { useEffect, useRef } from 'react';

/** True when a key press belongs to a text field (or a control that handles keys itself). */
function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * Single-key shortcuts (`1`, `y`, `s`…) for the work screen. Ignored while the helper types into a field,
 * and with Ctrl, Alt or Meta held, so that browser shortcuts keep working.
 */
export function useKeys(bindings: Record<string, () => void>, enabled = true): void {
  const current = useRef(bindings);
  current.current = bindings;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey || e.repeat || typingInto(e.target)) return;
      const run = current.current[e.key.toLowerCase()];
      if (!run) return;
      e.preventDefault();
      run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
