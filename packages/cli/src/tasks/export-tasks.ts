import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { csvField } from '../csv-field.ts';
import { callServer, type ServerTarget } from '../server-client.ts';

const CSV_COLUMNS = ['id', 'project_id', 'unique_id', 'type', 'status', 'priority', 'overlap', 'consensus_strategy', 'created_at', 'completed_at', 'input', 'result', 'tags', 'metadata'];

/**
 * `minga tasks export`: every task of a project, page by page, as JSON Lines (each line a task as the API
 * returns it, which `tasks import` takes back) or CSV (objects as JSON in their cell). Streams: one page is
 * held at a time. Returns how many tasks were written.
 */
export async function exportTasks(target: ServerTarget, q: { projectId: string; format: 'jsonl' | 'csv'; status?: string | undefined }, out: Writable): Promise<number> {
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  if (q.format === 'csv') await write(`${CSV_COLUMNS.join(',')}\n`);
  let cursor: string | null = null;
  let n = 0;
  do {
    const params = new URLSearchParams({ project_id: q.projectId, limit: '1000', ...(q.status ? { status: q.status } : {}), ...(cursor ? { cursor } : {}) });
    const page: { data: Record<string, unknown>[]; next_cursor: string | null } = await callServer(target, 'GET', `/v1/tasks?${params}`);
    let chunk = '';
    for (const task of page.data) chunk += q.format === 'jsonl' ? `${JSON.stringify(task)}\n` : `${CSV_COLUMNS.map((c) => csvCell(task[c])).join(',')}\n`;
    await write(chunk);
    n += page.data.length;
    cursor = page.next_cursor;
  } while (cursor);
  return n;
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return csvField(typeof value === 'string' ? value : JSON.stringify(value));
}
