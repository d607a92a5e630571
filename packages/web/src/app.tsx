import { useState } from 'react';
import { AcceptInviteScreen } from './screens/accept-invite-screen.tsx';
import { ApiKeysScreen } from './screens/api-keys-screen.tsx';
import { HelpersScreen } from './screens/helpers-screen.tsx';
import { LoginScreen } from './screens/login-screen.tsx';
import { ProjectScreen } from './screens/project-screen.tsx';
import { ProjectsScreen } from './screens/projects-screen.tsx';
import { RequesterProjectsScreen } from './screens/requester-projects-screen.tsx';
import { ReviewScreen } from './screens/review-screen.tsx';
import { TaskScreen } from './screens/task-screen.tsx';
import { WebhooksScreen } from './screens/webhooks-screen.tsx';
import { WorkScreen } from './screens/work-screen.tsx';
import { TopBar } from './screens/top-bar.tsx';
import { clearSession, loadSession, type StoredSession } from './session.ts';
import { navigate, useLocation } from './use-location.ts';

/**
 * Picks the screen from the path: /invite/{token} and /login need no session; the others do, and the signed-in
 * person's role (from the login, as `me()` also tells) picks the requester's side (owner) or the helper's.
 */
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
  return (
    <>
      <TopBar session={session} path={url.pathname} onSignOut={signOut} />
      <main id="main">{session.user.role === 'owner' ? requesterScreen(url, session, signOut) : helperScreen(url, session, signOut)}</main>
    </>
  );
}

/** The helper's side: their projects at /, the work loop at /work/{project}. */
function helperScreen(url: URL, session: StoredSession, signOut: () => void) {
  const work = /^\/work\/([^/]+)$/.exec(url.pathname);
  if (work?.[1]) return <WorkScreen session={session} projectId={decodeURIComponent(work[1])} onExpired={signOut} />;
  return <ProjectsScreen session={session} onExpired={signOut} />;
}

/**
 * The requester's side (owners): projects at /, /projects/{id} with its tasks, /projects/{id}/review,
 * /tasks/{id}, /helpers, /api-keys and /webhooks.
 */
function requesterScreen(url: URL, session: StoredSession, signOut: () => void) {
  const task = /^\/tasks\/([^/]+)$/.exec(url.pathname);
  if (task?.[1]) {
    const taskId = decodeURIComponent(task[1]);
    return <TaskScreen key={taskId} session={session} taskId={taskId} onExpired={signOut} />;
  }
  if (url.pathname === '/helpers') return <HelpersScreen session={session} onExpired={signOut} />;
  if (url.pathname === '/api-keys') return <ApiKeysScreen session={session} onExpired={signOut} />;
  if (url.pathname === '/webhooks') return <WebhooksScreen session={session} onExpired={signOut} />;
  const project = /^\/projects\/([^/]+)(\/review)?$/.exec(url.pathname);
  if (!project?.[1]) return <RequesterProjectsScreen session={session} onExpired={signOut} />;
  const projectId = decodeURIComponent(project[1]);
  if (project[2]) return <ReviewScreen key={projectId} session={session} projectId={projectId} onExpired={signOut} />;
  return <ProjectScreen key={projectId} session={session} projectId={projectId} onExpired={signOut} />;
}
