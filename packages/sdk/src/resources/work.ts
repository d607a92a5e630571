import type { RequestOptions, Send } from '../internal/send-request.ts';
import type { Assignment, ClaimParams, SubmitParams, SubmitResult, WorkProject } from '../types.ts';

const path = (id: string) => `/v1/work/assignments/${encodeURIComponent(id)}`;

/** `/v1/work…`: answering tasks, as a helper (a client made with the session token of `auth.login`). */
export class Work {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /**
   * The open projects the caller may work on, with their skill level in each.
   *
   * @example
   * const { data } = await helper.work.projects();
   * console.log(data.map((p) => `${p.name} (level ${p.skill_level})`));
   */
  projects(options?: RequestOptions): Promise<{ data: WorkProject[] }> {
    return this.#send<{ data: WorkProject[] }>({ method: 'GET', path: '/v1/work/projects', options });
  }

  /**
   * Leases the next task to answer (highest priority first); null when there is no work right now.
   *
   * @example
   * const assignment = await helper.work.claim({ project_id: projectId });
   * if (assignment) console.log(assignment.task?.content, assignment.lease_expires_at);
   */
  async claim(params: ClaimParams = {}, options?: RequestOptions): Promise<Assignment | null> {
    return (await this.#send<Assignment | undefined>({ method: 'POST', path: '/v1/work/claim', body: params, options })) ?? null;
  }

  /**
   * Submits the answer of a live assignment, with the seconds the task was visible.
   *
   * @example
   * const { assignment, feedback } = await helper.work.submit(assignmentId, { answer: 'yes', seconds_spent: 4 });
   * console.log(assignment.status, feedback?.correct);
   */
  submit(id: string, submission: SubmitParams, options?: RequestOptions): Promise<SubmitResult> {
    return this.#send<SubmitResult>({ method: 'POST', path: `${path(id)}/submit`, body: submission, options });
  }

  /**
   * Skips: gives the task back at once.
   *
   * @example
   * await helper.work.release(assignmentId);
   */
  release(id: string, options?: RequestOptions): Promise<Assignment> {
    return this.#send<Assignment>({ method: 'POST', path: `${path(id)}/release`, options });
  }

  /**
   * Extends a live lease by the task's claim timeout.
   *
   * @example
   * const { lease_expires_at } = await helper.work.heartbeat(assignmentId);
   */
  heartbeat(id: string, options?: RequestOptions): Promise<Assignment> {
    return this.#send<Assignment>({ method: 'POST', path: `${path(id)}/heartbeat`, options });
  }
}
