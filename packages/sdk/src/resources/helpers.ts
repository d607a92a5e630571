import { paginate } from '../internal/paginate.ts';
import type { RequestOptions, Send } from '../internal/send-request.ts';
import type { Helper, HelperCreate, HelperInvite, HelperPatch, HelperStats, Page, PageParams } from '../types.ts';

const path = (id: string) => `/v1/helpers/${encodeURIComponent(id)}`;

/** `/v1/helpers…`: the people who answer tasks, and their permissions. */
export class Helpers {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /**
   * Invites a helper; the invite link and token are in the answer, once (accept with `auth.acceptInvite`).
   *
   * @example
   * const invite = await minga.helpers.invite({ email: 'ana@example.com', name: 'Ana', project_ids: [projectId] });
   * console.log(invite.invite_url);
   */
  invite(helper: HelperCreate, options?: RequestOptions): Promise<HelperInvite> {
    return this.#send<HelperInvite>({ method: 'POST', path: '/v1/helpers', body: helper, options });
  }

  /**
   * Every helper, with their projects and bans.
   *
   * @example
   * for await (const helper of minga.helpers.list()) console.log(helper.email, helper.status);
   */
  list(params: PageParams = {}, options?: RequestOptions): AsyncGenerator<Helper, void, undefined> {
    return paginate((cursor) => this.listPage({ ...params, cursor }, options), params.cursor);
  }

  /**
   * One page of helpers.
   *
   * @example
   * const page = await minga.helpers.listPage({ limit: 20 });
   */
  listPage(params: PageParams = {}, options?: RequestOptions): Promise<Page<Helper>> {
    return this.#send<Page<Helper>>({ method: 'GET', path: '/v1/helpers', query: { ...params }, options });
  }

  /**
   * Reads a helper.
   *
   * @example
   * const helper = await minga.helpers.get(helperId);
   */
  get(id: string, options?: RequestOptions): Promise<Helper> {
    return this.#send<Helper>({ method: 'GET', path: path(id), options });
  }

  /**
   * Changes a helper's name, projects or super-user power.
   *
   * @example
   * await minga.helpers.update(helperId, { project_ids: [projectId], super_user: true });
   */
  update(id: string, patch: HelperPatch, options?: RequestOptions): Promise<Helper> {
    return this.#send<Helper>({ method: 'PATCH', path: path(id), body: patch, options });
  }

  /**
   * Removes a helper; their open leases return to the pool.
   *
   * @example
   * await minga.helpers.remove(helperId);
   */
  async remove(id: string, options?: RequestOptions): Promise<void> {
    await this.#send<undefined>({ method: 'DELETE', path: path(id), options });
  }

  /**
   * A helper's answers, accuracy, skill, earnings and seconds per task.
   *
   * @example
   * const stats = await minga.helpers.stats(helperId);
   * console.log(stats.accuracy, stats.skill_level);
   */
  stats(id: string, options?: RequestOptions): Promise<HelperStats> {
    return this.#send<HelperStats>({ method: 'GET', path: `${path(id)}/stats`, options });
  }
}
