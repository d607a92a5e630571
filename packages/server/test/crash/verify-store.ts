import { expect } from 'vitest';
import { http, mapLimit, ok, waitFor } from './http.ts';
import type { Ledger } from './write-load.ts';

const TAG_SAMPLE = 2;

export interface ListedTask {
  id: string;
  unique_id: string | null;
  tags: string[];
  metadata: { i?: number };
}

export interface VerifySummary {
  tasks: number;
  ackedTasks: number;
  ackedOperations: number;
  replays: number;
  readBack: number;
  /** Milliseconds per step, to keep an eye on the file's run time. */
  ms: Record<string, number>;
}

/** Every task of the query, following next_cursor to the end. */
export async function listAll(url: string, apiKey: string, query: string): Promise<ListedTask[]> {
  const all: ListedTask[] = [];
  let cursor: string | null = null;
  do {
    const page = await ok(url, 'GET', `/v1/tasks?${query}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`, { token: apiKey });
    all.push(...(page.json.data as ListedTask[]));
    cursor = page.json.has_more ? page.json.next_cursor : null;
  } while (cursor);
  return all;
}

async function statsTotal(url: string, apiKey: string, projectId: string): Promise<number> {
  const stats = await ok(url, 'GET', `/v1/projects/${projectId}/stats`, { token: apiKey });
  return stats.json.tasks.total as number;
}

/**
 * Checks a restarted server against everything the clients were told:
 * - every acknowledged operation reaches `success` with all its items created;
 * - an acknowledged Idempotency-Key replays its first response byte for byte, and a repeated operation_id
 *   returns the same operation, creating nothing;
 * - each request's tasks exist all or not at all, and exactly once (no unique_id and no metadata.i twice);
 *   an acknowledged request's tasks all exist; no task comes from nowhere;
 * - every acknowledged task id reads back through GET /v1/tasks/{id} with its unique_id (each id once,
 *   at the first verification after its acknowledgement; the listing covers all of them every time);
 * - listing a few newly acknowledged operations by their tag gives exactly their size;
 * - the project's `tasks.total` equals the number of tasks listed.
 */
export async function verifyStore(url: string, apiKey: string, projectId: string, ledger: Ledger): Promise<VerifySummary> {
  const ms: Record<string, number> = {};
  let last = Date.now();
  const lap = (step: string) => {
    ms[step] = Date.now() - last;
    last = Date.now();
  };
  expect(ledger.unexpected).toEqual([]);
  const fresh = ledger.operations.filter((o) => !o.checked);

  // 1. Acknowledged operations finish after the restart.
  for (const op of fresh) {
    const done = await waitFor(`operation ${op.id} to finish`, 30_000, async () => {
      const r = await ok(url, 'GET', `/v1/operations/${op.id}`, { token: apiKey });
      return r.json.status === 'success' || r.json.status === 'fail' ? r.json : undefined;
    });
    expect(done, `operation ${op.id} (${op.key})`).toMatchObject({ status: 'success', details: { items_total: op.size, items_created: op.size, items_failed: 0 } });
  }

  lap('operations');

  // 2. Replays: answered from the store, creating nothing (the totals below would show a double).
  let replays = 0;
  for (const idem of ledger.idempotent) {
    const again = await http(url, 'POST', idem.path, { token: apiKey, body: idem.body, headers: { 'idempotency-key': idem.idempotencyKey } });
    expect({ status: again.status, text: again.text, replayed: again.headers.get('idempotent-replayed') }, `replay of ${idem.idempotencyKey}`).toEqual({
      status: idem.status,
      text: idem.text,
      replayed: 'true',
    });
    replays++;
  }
  for (const op of ledger.operations.filter((o) => o.operationId)) {
    const again = await http(url, 'POST', `/v1/tasks?async_mode=true&operation_id=${op.operationId}`, { token: apiKey, body: op.body });
    expect({ status: again.status, id: again.json?.id, state: again.json?.status }, `repeat of operation_id ${op.operationId}`).toEqual({ status: 202, id: op.id, state: 'success' });
    replays++;
  }

  lap('replays');

  // 3. A quiet snapshot: an unacknowledged operation may still be finishing, so list until the counters
  //    before and after the listing agree with it.
  const tasks = await waitFor('a stable task listing', 30_000, async () => {
    const before = await statsTotal(url, apiKey, projectId);
    const listed = await listAll(url, apiKey, `project_id=${projectId}`);
    const after = await statsTotal(url, apiKey, projectId);
    return before === listed.length && after === listed.length ? listed : undefined;
  }, 200);

  lap('listing');

  // 4. Nothing doubled, nothing half-done, nothing from nowhere.
  expect(new Set(tasks.map((t) => t.id)).size, 'distinct task ids').toBe(tasks.length);
  const uniqueIds = tasks.map((t) => t.unique_id).filter((u): u is string => u !== null);
  expect(uniqueIds.length - new Set(uniqueIds).size, 'repeated unique_ids').toBe(0);
  const byRequest = new Map<string, ListedTask[]>();
  for (const t of tasks) {
    const key = t.tags[0] ?? '(untagged)';
    const group = byRequest.get(key);
    if (group) group.push(t);
    else byRequest.set(key, [t]);
  }
  const problems: string[] = [];
  for (const [key, group] of byRequest) {
    const sent = ledger.sent.get(key);
    if (!sent) {
      problems.push(`${group.length} tasks of unknown request ${key}`);
      continue;
    }
    const indexes = group.map((t) => t.metadata.i ?? -1).sort((a, b) => a - b);
    if (group.length !== sent.size || indexes.some((v, i) => v !== i)) problems.push(`${key} (${sent.kind}, ${sent.size} items) has ${group.length} tasks, indexes ${indexes.slice(0, 10).join(',')}…`);
    const wrongUnique = group.filter((t) => t.unique_id !== (sent.uniqueIds ? `${key}.${t.metadata.i}` : null));
    if (wrongUnique.length > 0) problems.push(`${key}: ${wrongUnique.length} tasks with a wrong unique_id`);
  }
  for (const key of ledger.acked) if (!byRequest.has(key)) problems.push(`acknowledged request ${key} has no task`);
  const listedById = new Map(tasks.map((t) => [t.id, t]));
  for (const [id, uniqueId] of ledger.tasks) {
    const t = listedById.get(id);
    if (!t || t.unique_id !== uniqueId) problems.push(`acknowledged task ${id} (${uniqueId}) is ${t ? `listed with ${t.unique_id}` : 'missing'}`);
  }
  expect(problems.slice(0, 20), `${problems.length} problems`).toEqual([]);

  lap('checks');

  // 5. Every acknowledged task reads back one by one.
  const unread = ledger.unread.splice(0);
  const reads = await mapLimit(unread, 16, async (id) => {
    const uniqueId = ledger.tasks.get(id);
    const r = await http(url, 'GET', `/v1/tasks/${id}`, { token: apiKey });
    return r.status === 200 && r.json.id === id && r.json.unique_id === uniqueId ? null : `${id}: ${r.status} ${r.text.slice(0, 200)}`;
  });
  expect(reads.filter((r) => r !== null).slice(0, 10)).toEqual([]);

  lap('reads');

  // 6. Some newly acknowledged operations' tasks, counted by the server's tag filter (step 4 counted every
  //    request's tasks by tag from the listing; this checks the filter too, at a few calls' cost).
  for (const op of fresh) op.checked = true;
  const sample = [...fresh].sort(() => Math.random() - 0.5).slice(0, TAG_SAMPLE);
  await mapLimit(sample, 4, async (op) => {
    const tagged = await listAll(url, apiKey, `tag=${encodeURIComponent(op.key)}`);
    expect(tagged.length, `tasks tagged ${op.key}`).toBe(op.size);
  });
  lap('tags');

  // 7. The counters agree with the rows (checked in the snapshot above; once more after the replays settled).
  expect(await statsTotal(url, apiKey, projectId)).toBe(tasks.length);
  return { tasks: tasks.length, ackedTasks: ledger.tasks.size, ackedOperations: ledger.operations.length, replays, readBack: unread.length, ms };
}
