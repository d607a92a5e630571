import type { Assignment } from '@minga/sdk';
import { useEffect, useState } from 'react';
import { client } from '../session.ts';

/**
 * Seconds left on an assignment's lease, ticking each second. While the page is visible the lease is
 * extended by a heartbeat once less than half of it is left, so a helper who is still looking keeps the task.
 */
export function useLease(token: string, assignment: Assignment | null): number | null {
  const [expiresAt, setExpiresAt] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (!assignment) return setExpiresAt(null);
    // Server times are moved to this clock: the claim was made just before it arrived here, whatever the skew.
    const offset = Date.now() - Date.parse(assignment.claimed_at);
    const leaseMs = Date.parse(assignment.lease_expires_at) - Date.parse(assignment.claimed_at);
    let expires = Date.parse(assignment.lease_expires_at) + offset;
    setExpiresAt(expires);
    setNow(Date.now());
    let beating = false;
    const timer = setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (beating || document.visibilityState !== 'visible' || expires - t > leaseMs / 2 || expires <= t) return;
      beating = true;
      client(token)
        .work.heartbeat(assignment.id)
        .then((a) => {
          expires = Date.parse(a.lease_expires_at) + offset;
          setExpiresAt(expires);
        })
        .catch(() => {})
        .finally(() => (beating = false));
    }, 1000);
    return () => clearInterval(timer);
  }, [token, assignment]);

  return expiresAt === null ? null : Math.max(0, Math.round((expiresAt - now) / 1000));
}
