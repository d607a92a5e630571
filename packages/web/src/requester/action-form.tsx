import type { ReactNode } from 'react';

/** A stacked form whose submit runs `action` in the page instead of posting the page. */
export function ActionForm({ action, children }: { action: () => Promise<void> | void; children: ReactNode }) {
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        void action();
      }}
    >
      {children}
    </form>
  );
}
