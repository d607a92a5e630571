import { RequesterNav } from '../requester/requester-nav.tsx';
import type { StoredSession } from '../session.ts';
import { NavLink } from '../nav-link.tsx';

export function TopBar({ session, path, onSignOut }: { session: StoredSession; path: string; onSignOut: () => void }) {
  return (
    <header className="top-bar">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <NavLink className="brand" to="/">
        Minga
      </NavLink>
      {session.user.role === 'owner' && <RequesterNav path={path} />}
      <span className="who">{session.user.name ?? session.user.email}</span>
      <button type="button" className="link-button" onClick={onSignOut}>
        Log out
      </button>
    </header>
  );
}
