import { WEBHOOK_EVENT_FAMILIES } from '@minga/api-contracts';

const FAMILIES = new Set<string>(WEBHOOK_EVENT_FAMILIES);

/** True for the events webhooks carry (task.*, assignment.*, audit.*, operation.*). */
export function isDeliverable(type: string): boolean {
  const dot = type.indexOf('.');
  return dot > 0 && FAMILIES.has(type.slice(0, dot));
}

/** True when an endpoint's filter (`*`, `task.*`, `task.completed`…) takes this event. */
export function filterMatches(filter: readonly string[], type: string): boolean {
  for (const f of filter) {
    if (f === '*' || f === type) return true;
    if (f.endsWith('.*') && type.startsWith(f.slice(0, -1))) return true;
  }
  return false;
}
