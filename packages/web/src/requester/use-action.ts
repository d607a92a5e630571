import { useCallback, useState } from 'react';
import { errorMessage } from '../error-message.ts';

/** Runs one API call at a time for a form or button: `busy` while it runs, `error` if it failed; an ended session calls `onExpired`. */
export function useAction(onExpired: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async <T>(call: () => Promise<T>): Promise<T | undefined> => {
      setBusy(true);
      setError(null);
      try {
        return await call();
      } catch (err) {
        const e = errorMessage(err);
        if (e.expired) onExpired();
        else setError(e.message);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [onExpired],
  );
  return { busy, error, run };
}
