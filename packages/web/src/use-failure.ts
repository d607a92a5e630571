import { useCallback, useState } from 'react';
import { errorMessage } from './error-message.ts';

/** A screen's last failure: `fail` shows a failed call's message, or calls `onExpired` when the session ended. */
export function useFailure(onExpired: () => void) {
  const [error, setError] = useState<string | null>(null);
  const fail = useCallback(
    (err: unknown) => {
      const e = errorMessage(err);
      if (e.expired) onExpired();
      else setError(e.message);
    },
    [onExpired],
  );
  return { error, setError, fail };
}
