import { useEffect, useState } from 'react';
import { errorMessage } from '../error-message.ts';

/** Loads something once per `key` change; an ended session calls `onExpired`. */
export function useFetched<T>(load: () => Promise<T>, key: string, onExpired: () => void): { value: T | null; error: string | null } {
  const [state, setState] = useState<{ key: string; value: T | null; error: string | null }>({ key, value: null, error: null });
  useEffect(() => {
    let live = true;
    load()
      .then((value) => live && setState({ key, value, error: null }))
      .catch((err: unknown) => {
        const e = errorMessage(err);
        if (e.expired) onExpired();
        else if (live) setState({ key, value: null, error: e.message });
      });
    return () => {
      live = false;
    };
    // `load` is a fresh closure on each render; `key` says when it means something new.
  }, [key, onExpired]);
  return state.key === key ? { value: state.value, error: state.error } : { value: null, error: null };
}
