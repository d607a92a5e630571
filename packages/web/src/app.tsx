import { useState } from 'react';
import { AcceptInviteScreen } from './screens/accept-invite-screen.tsx';
import { LoginScreen } from './screens/login-screen.tsx';
import { ProjectsScreen } from './screens/projects-screen.tsx';
import { WorkScreen } from './screens/work-screen.tsx';
import { TopBar } from './screens/top-bar.tsx';
import { clearSession, loadSession, type StoredSession } from './session.ts';
import { navigate, useLocation } from './use-location.ts';

/** Picks the screen from the path: /invite/{token} and /login need no session; /, /work/{project} do. */
export function App() {
  const url = useLocation();
  const [session, setSession] = useState<StoredSession | null>(loadSession);
  const signedIn = (s: StoredSession) => {
    setSession(s);
    navigate('/', { replace: true });
  };
  const signOut = () => {
    clearSession();
    setSession(null);
    navigate('/login', { replace: true });
  };

  // The server's invite links are /invite/{token}; /invite?token= is accepted too.
  const invite = /^\/invite(?:\/([^/]+))?$/.exec(url.pathname);
  if (invite) return <AcceptInviteScreen token={decodeURIComponent(invite[1] ?? url.searchParams.get('token') ?? '')} onSignedIn={signedIn} />;
  if (!session) return <LoginScreen onSignedIn={signedIn} />;
  const work = /^\/work\/([^/]+)$/.exec(url.pathname);
  return (
    <>
      <TopBar session={session} onSignOut={signOut} />
      <main id="main">
        {work?.[1] ? (
          <WorkScreen session={session} projectId={decodeURIComponent(work[1])} onExpired={signOut} />
        ) : (
          <ProjectsScreen session={session} onExpired={signOut} />
        )}
      </main>
    </>
  );
}
