import { useCallback, useEffect, useRef } from 'react';

/**
 * Counts the seconds the page is visible since `key` last changed (a new task): a helper who switches tabs
 * is not paid, nor judged too fast, for time away. Returns a function that reads the count.
 */
export function useVisibleSeconds(key: string | null): () => number {
  const spent = useRef(0);
  const since = useRef<number | null>(null);

  useEffect(() => {
    spent.current = 0;
    since.current = document.visibilityState === 'visible' ? performance.now() : null;
    const onChange = () => {
      if (document.visibilityState === 'visible') since.current ??= performance.now();
      else if (since.current !== null) {
        spent.current += performance.now() - since.current;
        since.current = null;
      }
    };
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, [key]);

  return useCallback(() => {
    const running = since.current === null ? 0 : performance.now() - since.current;
    return Math.round((spent.current + running) / 100) / 10;
  }, []);
}
