import { paginate } from '../internal/paginate.ts';
import type { RequestOptions, Send } from '../internal/send-request.ts';
import type { Event, EventListParams, Page } from '../types.ts';

/** `GET /v1/events`: the durable feed of every change, in order, without gaps. */
export class Events {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /**
   * Every event after `after` (from the start when absent) up to now. Keep the last page's `next_cursor`
   * (from `listPage`) to resume later.
   *
   * @example
   * for await (const event of minga.events.list({ type: 'task.completed' })) {
   *   console.log(event.created_at, event.event, event.task_id);
   * }
   */
  list(params: EventListParams = {}, options?: RequestOptions): AsyncGenerator<Event, void, undefined> {
    return paginate((after) => this.listPage({ ...params, after }, options), params.after);
  }

  /**
   * One page of events; pass `next_cursor` back as `after` to read on (it is set even on the last page, to tail the feed).
   *
   * @example
   * const page = await minga.events.listPage({ after: savedCursor, limit: 500 });
   * const resumeFrom = page.next_cursor ?? savedCursor; // store it: the next read starts there
   */
  listPage(params: EventListParams = {}, options?: RequestOptions): Promise<Page<Event>> {
    return this.#send<Page<Event>>({ method: 'GET', path: '/v1/events', query: { ...params }, options });
  }
}
