import { useState, type FormEvent } from 'react';
import { errorMessage } from '../error-message.ts';
import { client, saveSession, type StoredSession } from '../session.ts';
import { ErrorAlert } from '../error-alert.tsx';

const MIN_PASSWORD = 10;

/** The page of an invite link (`/invite?token=…`): the helper chooses a password and is signed in. */
export function AcceptInviteScreen({ token, onSignedIn }: { token: string; onSignedIn: (s: StoredSession) => void }) {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(token ? null : 'This invite link has no token. Ask for a new link.');
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (password !== repeat) return setError('The two passwords differ.');
    setBusy(true);
    setError(null);
    try {
      onSignedIn(saveSession(await client().auth.acceptInvite({ token, password })));
    } catch (err) {
      setError(errorMessage(err).message);
      setBusy(false);
    }
  };

  return (
    <main id="main" className="narrow">
      <h1>Welcome to Minga</h1>
      <p>Choose a password (at least {MIN_PASSWORD} characters) to accept your invitation.</p>
      <form onSubmit={submit} className="stack">
        <label>
          New password
          <input type="password" autoComplete="new-password" minLength={MIN_PASSWORD} required value={password} onChange={(e) => setPassword(e.target.value)} autoFocus />
        </label>
        <label>
          Repeat the password
          <input type="password" autoComplete="new-password" minLength={MIN_PASSWORD} required value={repeat} onChange={(e) => setRepeat(e.target.value)} />
        </label>
        <ErrorAlert message={error} />
        <button type="submit" className="primary" disabled={busy || !token}>
          Accept the invitation
        </button>
      </form>
    </main>
  );
}
