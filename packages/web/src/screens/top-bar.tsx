import type { StoredSession } from '../session.ts';
import { navigate } from '../use-location.ts';

export function TopBar({ session, onSignOut }: { session: StoredSession; onSignOut: () => void }) {
  return (
    <header className="top-bar">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <a
        className="brand"
        href="/"
        onClick={(e) => {
          e.preventDefault();
          navigate('/');
        }}
      >
        Minga
      </a>
      <span className="who">{session.user.name ?? session.user.email}</span>
      <button type="button" className="link-button" onClick={onSignOut}>
        Log out
      </button>
    </header>
  );
}
