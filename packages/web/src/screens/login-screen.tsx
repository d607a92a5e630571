import { useState, type FormEvent } from 'react';
import { errorMessage } from '../error-message.ts';
import { client, saveSession, type StoredSession } from '../session.ts';
import { ErrorAlert } from '../error-alert.tsx';

export function LoginScreen({ onSignedIn }: { onSignedIn: (s: StoredSession) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(saveSession(await client().auth.login({ email, password })));
    } catch (err) {
      setError(errorMessage(err).message);
      setBusy(false);
    }
  };

  return (
    <main id="main" className="narrow">
      <h1>Log in to Minga</h1>
      <form onSubmit={submit} className="stack">
        <label>
          Email
          <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        </label>
        <label>
          Password
          <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <ErrorAlert message={error} />
        <button type="submit" className="primary" disabled={busy}>
          Log in
        </button>
      </form>
    </main>
  );
}
