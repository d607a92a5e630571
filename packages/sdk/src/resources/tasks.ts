import { paginate } from '../internal/paginate.ts';
import type { RequestOptions, Send } from '../internal/send-request.ts';
import { waitForTask, type WaitOptions } from '../internal/wait-for-task.ts';
import type { Operation, Page, Task, TaskAudit, TaskBatchParams, TaskBatchResult, TaskCreate, TaskListParams, TaskPatch } from '../types.ts';

/** `tasks.run`: the create's idempotency key and the wait's settings. */
export type RunOptions = WaitOptions & Pick<RequestOptions, 'idempotencyKey'>;

const path = (id: string) => `/v1/tasks/${encodeURIComponent(id)}`;

/** `POST /v1/tasks` and `/v1/tasks/{id}…`: create, read, change, and wait for tasks. */
export class Tasks {
  readonly #send: Send;
  /** The `wait`s in progress, by task id: a webhook about the task wakes them. */
  readonly #waiting = new Map<string, Set<() => void>>();

  constructor(send: Send) {
    this.#send = send;
  }

  /**
   * Creates one task. Fields left out take the project's defaults.
   *
   * @example
   * const task = await minga.tasks.create({
   *   project_id: projectId,
   *   type: 'label_text',
   *   input: { text: 'The new phone is great!', categories: ['positive', 'negative'] },
   *   overlap: 3,
   *   unique_id: 'review-1',
   * });
   * console.log(task.id, task.status);
   */
  create(task: TaskCreate, options?: RequestOptions): Promise<Task> {
    return this.#send<Task>({ method: 'POST', path: '/v1/tasks', body: task, options });
  }

  /**
   * Creates up to 5,000 tasks in one request (any number with `async_mode: true`, which answers with an
   * operation to follow with `operations.get`). Without `skip_invalid_items` one invalid item refuses all.
   *
   * @example
   * const batch = await minga.tasks.createMany(
   *   [
   *     { project_id: projectId, type: 'yesno', content: 'Is this a cat?' },
   *     { project_id: projectId, type: 'yesno', content: 'Is this a dog?' },
   *   ],
   *   { skip_invalid_items: true },
   * );
   * for (const [index, error] of Object.entries(batch.validation_errors)) console.log(index, error.message);
   *
   * const operation = await minga.tasks.createMany(manyTasks, { async_mode: true });
   * console.log(operation.id, operation.status);
   */
  createMany(tasks: TaskCreate[], params: TaskBatchParams & { async_mode: true }, options?: RequestOptions): Promise<Operation>;
  createMany(tasks: TaskCreate[], params?: TaskBatchParams & { async_mode?: false }, options?: RequestOptions): Promise<TaskBatchResult>;
  createMany(tasks: TaskCreate[], params: TaskBatchParams = {}, options?: RequestOptions): Promise<Operation | TaskBatchResult> {
    return this.#send({ method: 'POST', path: '/v1/tasks', query: { ...params }, body: tasks, options });
  }

  /**
   * Reads a task, with its submissions.
   *
   * @example
   * const task = await minga.tasks.get(taskId);
   * console.log(task.status, task.result?.answer, task.submissions?.length);
   */
  get(id: string, options?: RequestOptions): Promise<Task> {
    return this.#send<Task>({ method: 'GET', path: path(id), options });
  }

  /**
   * Every task that matches the filters, in creation order, fetching pages (`limit` each) as you iterate.
   *
   * @example
   * for await (const task of minga.tasks.list({ project_id: projectId, status: 'completed' })) {
   *   console.log(task.id, task.result?.answer);
   * }
   */
  list(params: TaskListParams = {}, options?: RequestOptions): AsyncGenerator<Task, void, undefined> {
    return paginate((cursor) => this.listPage({ ...params, cursor }, options), params.cursor);
  }

  /**
   * One page of tasks; pass `next_cursor` back as `cursor` for the next.
   *
   * @example
   * const page = await minga.tasks.listPage({ project_id: projectId, limit: 50 });
   * console.log(page.data.length, page.has_more, page.next_cursor);
   */
  listPage(params: TaskListParams = {}, options?: RequestOptions): Promise<Page<Task>> {
    return this.#send<Page<Task>>({ method: 'GET', path: '/v1/tasks', query: { ...params }, options });
  }

  /**
   * Changes a task's priority, tags, metadata or unique_id.
   *
   * @example
   * const task = await minga.tasks.update(taskId, { priority: 'urgent', tags: ['vip'] });
   */
  update(id: string, patch: TaskPatch, options?: RequestOptions): Promise<Task> {
    return this.#send<Task>({ method: 'PATCH', path: path(id), body: patch, options });
  }

  /**
   * Cancels a task that is not finished; its open leases end and unused credits return.
   *
   * @example
   * const canceled = await minga.tasks.cancel(taskId);
   * console.log(canceled.status); // 'canceled'
   */
  cancel(id: string, options?: RequestOptions): Promise<Task> {
    return this.#send<Task>({ method: 'POST', path: `${path(id)}/cancel`, options });
  }

  /**
   * Starts a new round of answers for a finished task (`times_redone` + 1).
   *
   * @example
   * const again = await minga.tasks.redo(taskId);
   * console.log(again.status, again.times_redone);
   */
  redo(id: string, options?: RequestOptions): Promise<Task> {
    return this.#send<Task>({ method: 'POST', path: `${path(id)}/redo`, options });
  }

  /**
   * Accepts, rejects or fixes a task's result (`fixed`: `response` is the right answer).
   *
   * @example
   * const reviewed = await minga.tasks.audit(taskId, { result: 'fixed', response: 'negative' });
   * console.log(reviewed.review_status);
   */
  audit(id: string, audit: TaskAudit, options?: RequestOptions): Promise<Task> {
    return this.#send<Task>({ method: 'POST', path: `${path(id)}/audits`, body: audit, options });
  }

  /**
   * Polls a task, with growing pauses, until it is `completed` or `needs_review`; a webhook passed to
   * `notify` ends a pause at once. Throws `TaskError` when it ends `canceled` or `error`, `WaitTimeoutError`
   * after `timeoutMs`.
   *
   * @example
   * const done = await minga.tasks.wait(taskId, { timeoutMs: 10 * 60_000 });
   * console.log(done.result?.summary);
   */
  wait(id: string, options: WaitOptions = {}): Promise<Task> {
    return waitForTask((signal) => this.get(id, signal ? { signal } : undefined), options, (wake) => {
      let wakers = this.#waiting.get(id);
      if (!wakers) this.#waiting.set(id, (wakers = new Set()));
      wakers.add(wake);
      return () => {
        wakers.delete(wake);
        if (wakers.size === 0) this.#waiting.delete(id);
      };
    });
  }

  /**
   * Passes a verified webhook event to the `wait`s (and `run`s) in progress: a wait for the event's task
   * checks the task at once instead of at its next poll, so a result arrives as soon as its webhook does.
   * Returns how many waits were woken.
   *
   * @example
   * const event = await verifyWebhook({ payload: rawBody, header: signature, secret });
   * minga.tasks.notify(event);
   */
  notify(event: { task_id: string | null }): number {
    const wakers = event.task_id === null ? undefined : this.#waiting.get(event.task_id);
    for (const wake of wakers ?? []) wake();
    return wakers?.size ?? 0;
  }

  /**
   * Creates a task and waits for its result: `create` then `wait`.
   *
   * @example
   * const task = await minga.tasks.run(
   *   { project_id: projectId, type: 'yesno', content: 'Is this photo a cat?' },
   *   { timeoutMs: 60 * 60_000 },
   * );
   * console.log(task.result?.answer); // 'yes' or 'no'
   */
  async run(task: TaskCreate, options: RunOptions = {}): Promise<Task> {
    const { idempotencyKey, ...wait } = options;
    const created = await this.create(task, { idempotencyKey, signal: wait.signal });
    return this.wait(created.id, wait);
  }
}
