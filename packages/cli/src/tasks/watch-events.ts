import type { Writable } from 'node:stream';
import { callServer, type ServerTarget } from '../server-client.ts';

interface FeedEvent {
  id: string;
  event: string;
  task_id: string | null;
  project_id: string | null;
  created_at: string;
  data: unknown;
}

/**
 * `minga tasks watch`: follows the event feed from now on (or from `after`), one line per event, until
 * `signal` aborts or `limit` events were printed. Returns the feed position reached.
 */
export async function watchEvents(
  target: ServerTarget,
  o: { projectId?: string | undefined; json: boolean; limit?: number | undefined; intervalMs: number; signal: AbortSignal },
  out: Writable,
): Promise<string | null> {
  const read = (after: string | null) => callServer<{ data: FeedEvent[]; next_cursor: string | null }>(target, 'GET', `/v1/events?limit=1000${after ? `&after=${encodeURIComponent(after)}` : ''}`);
  // Start at the end of the feed: watching shows what happens next.
  let after: string | null = null;
  for (let page = await read(null); ; page = await read(after)) {
    after = page.next_cursor;
    if (page.data.length < 1000) break;
  }
  let printed = 0;
  while (!o.signal.aborted) {
    const page = await read(after);
    after = page.next_cursor ?? after;
    for (const e of page.data) {
      if (o.projectId && e.project_id !== o.projectId) continue;
      out.write(o.json ? `${JSON.stringify(e)}\n` : `${e.created_at}  ${e.event.padEnd(22)} ${e.task_id ?? ''}${summary(e)}\n`);
      if (o.limit !== undefined && ++printed >= o.limit) return after;
    }
    if (page.data.length === 0) await new Promise((r) => setTimeout(r, o.intervalMs));
  }
  return after;
}

function summary(e: FeedEvent): string {
  const result = (e.data as { result?: { summary?: string } } | null)?.result;
  return result?.summary ? `  ${result.summary}` : '';
}
