import { useCallback, useState } from 'react';
import { useFailure } from '../use-failure.ts';

/** Runs one API call at a time for a form or button: `busy` while it runs, `error` if it failed; an ended session calls `onExpired`. */
export function useAction(onExpired: () => void) {
  const [busy, setBusy] = useState(false);
  const { error, setError, fail } = useFailure(onExpired);
  const run = useCallback(
    async <T>(call: () => Promise<T>): Promise<T | undefined> => {
      setBusy(true);
      setError(null);
      try {
        return await call();
      } catch (err) {
        fail(err);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [fail, setError],
  );
  return { busy, error, run };
}
