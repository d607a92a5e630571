import { paginate } from '../internal/paginate.ts';
import type { RequestOptions, Send } from '../internal/send-request.ts';
import type { AggregateParams, AggregateResult, Page, PageParams, Project, ProjectCreate, ProjectPatch, ProjectStats, ProjectWithKey } from '../types.ts';

const path = (id: string) => `/v1/projects/${encodeURIComponent(id)}`;

/** `/v1/projects…`: containers of tasks with shared defaults. */
export class Projects {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /**
   * Creates a project; its project-scoped API key is in the answer, once.
   *
   * @example
   * const { project, api_key } = await minga.projects.create({ name: 'Sentiment', defaults: { type: 'label_text', overlap: 3 } });
   * console.log(project.id, api_key);
   */
  create(project: ProjectCreate, options?: RequestOptions): Promise<ProjectWithKey> {
    return this.#send<ProjectWithKey>({ method: 'POST', path: '/v1/projects', body: project, options });
  }

  /**
   * Every project, fetching pages as you iterate.
   *
   * @example
   * for await (const project of minga.projects.list()) console.log(project.name, project.status);
   */
  list(params: PageParams = {}, options?: RequestOptions): AsyncGenerator<Project, void, undefined> {
    return paginate((cursor) => this.listPage({ ...params, cursor }, options), params.cursor);
  }

  /**
   * One page of projects.
   *
   * @example
   * const page = await minga.projects.listPage({ limit: 10 });
   * console.log(page.data.map((p) => p.name));
   */
  listPage(params: PageParams = {}, options?: RequestOptions): Promise<Page<Project>> {
    return this.#send<Page<Project>>({ method: 'GET', path: '/v1/projects', query: { ...params }, options });
  }

  /**
   * Reads a project.
   *
   * @example
   * const project = await minga.projects.get(projectId);
   * console.log(project.defaults);
   */
  get(id: string, options?: RequestOptions): Promise<Project> {
    return this.#send<Project>({ method: 'GET', path: path(id), options });
  }

  /**
   * Changes a project's name, description, task defaults or quality rules.
   *
   * @example
   * await minga.projects.update(projectId, { defaults: { overlap: 5 }, quality: { control_rate: 0.2 } });
   */
  update(id: string, patch: ProjectPatch, options?: RequestOptions): Promise<Project> {
    return this.#send<Project>({ method: 'PATCH', path: path(id), body: patch, options });
  }

  /**
   * Opens a project: its tasks are handed out again.
   *
   * @example
   * const project = await minga.projects.open(projectId);
   */
  open(id: string, options?: RequestOptions): Promise<Project> {
    return this.#send<Project>({ method: 'POST', path: `${path(id)}/open`, options });
  }

  /**
   * Closes a project: it hands out no work until opened.
   *
   * @example
   * const project = await minga.projects.close(projectId);
   * console.log(project.status); // 'closed'
   */
  close(id: string, options?: RequestOptions): Promise<Project> {
    return this.#send<Project>({ method: 'POST', path: `${path(id)}/close`, options });
  }

  /**
   * Task counts by status, answers, throughput and agreement.
   *
   * @example
   * const stats = await minga.projects.stats(projectId);
   * console.log(`${stats.tasks.completed}/${stats.tasks.total} done`);
   */
  stats(id: string, options?: RequestOptions): Promise<ProjectStats> {
    return this.#send<ProjectStats>({ method: 'GET', path: `${path(id)}/stats`, options });
  }

  /**
   * Aggregates the project's answers offline (Dawid-Skene by default): per-task answer and confidence,
   * per-helper quality.
   *
   * @example
   * const result = await minga.projects.aggregate(projectId, { method: 'dawid_skene' });
   * for (const t of result.tasks) console.log(t.task_id, t.answer, t.confidence);
   */
  aggregate(id: string, params: AggregateParams = {}, options?: RequestOptions): Promise<AggregateResult> {
    return this.#send<AggregateResult>({ method: 'POST', path: `${path(id)}/aggregate`, body: params, options });
  }
}
