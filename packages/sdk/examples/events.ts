// The @example blocks of src/resources/events.ts, type-checked.
import { minga, savedCursor } from './context.ts';

export async function eventsList(): Promise<void> {
  for await (const event of minga.events.list({ type: 'task.completed' })) {
    console.log(event.created_at, event.event, event.task_id);
  }
}

export async function eventsListPage(): Promise<void> {
  const page = await minga.events.listPage({ after: savedCursor, limit: 500 });
  const resumeFrom = page.next_cursor ?? savedCursor; // store it: the next read starts there
}
