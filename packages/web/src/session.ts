import { Minga, type Session } from '@minga/sdk';

/** The signed-in person, as the app keeps it: the session token and who it belongs to. */
export interface StoredSession {
  token: string;
  user: { id: string; email: string; name: string | null; role: 'owner' | 'helper' };
}

// sessionStorage, not localStorage: the token dies with the tab and is never shared across tabs.
const KEY = 'minga.session';

export function loadSession(): StoredSession | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as StoredSession) : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): StoredSession {
  const { id, email, name, role } = session.user;
  const stored: StoredSession = { token: session.token, user: { id, email, name, role } };
  sessionStorage.setItem(KEY, JSON.stringify(stored));
  return stored;
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}

/** A client of the server that served the app; with a token, it acts as that person. */
export function client(token?: string): Minga {
  return new Minga({ ...(token ? { apiKey: token } : {}), baseUrl: '' });
}
