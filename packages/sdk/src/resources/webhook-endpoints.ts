import { paginate } from '../internal/paginate.ts';
import type { RequestOptions, Send } from '../internal/send-request.ts';
import type { Page, PageParams, WebhookCallbackSecret, WebhookEndpoint, WebhookEndpointCreate, WebhookEndpointPatch, WebhookEndpointWithSecret } from '../types.ts';

const path = (id: string) => `/v1/webhook-endpoints/${encodeURIComponent(id)}`;

/** `/v1/webhook-endpoints…`: URLs that receive signed events (check them with `verifyWebhook`). */
export class WebhookEndpoints {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /**
   * Registers an endpoint; its signing secret is in the answer, once.
   *
   * @example
   * const { endpoint, secret } = await minga.webhookEndpoints.create({ url: 'https://example.com/minga', events: ['task.completed'] });
   * console.log(endpoint.id, secret);
   */
  create(endpoint: WebhookEndpointCreate, options?: RequestOptions): Promise<WebhookEndpointWithSecret> {
    return this.#send<WebhookEndpointWithSecret>({ method: 'POST', path: '/v1/webhook-endpoints', body: endpoint, options });
  }

  /**
   * Every endpoint, with its health.
   *
   * @example
   * for await (const endpoint of minga.webhookEndpoints.list()) console.log(endpoint.url, endpoint.status, endpoint.disabled_reason);
   */
  list(params: PageParams = {}, options?: RequestOptions): AsyncGenerator<WebhookEndpoint, void, undefined> {
    return paginate((cursor) => this.listPage({ ...params, cursor }, options), params.cursor);
  }

  /**
   * One page of endpoints.
   *
   * @example
   * const page = await minga.webhookEndpoints.listPage({ limit: 20 });
   */
  listPage(params: PageParams = {}, options?: RequestOptions): Promise<Page<WebhookEndpoint>> {
    return this.#send<Page<WebhookEndpoint>>({ method: 'GET', path: '/v1/webhook-endpoints', query: { ...params }, options });
  }

  /**
   * Reads an endpoint.
   *
   * @example
   * const endpoint = await minga.webhookEndpoints.get(endpointId);
   */
  get(id: string, options?: RequestOptions): Promise<WebhookEndpoint> {
    return this.#send<WebhookEndpoint>({ method: 'GET', path: path(id), options });
  }

  /**
   * Changes an endpoint's URL, events or description; `enabled: true` turns a disabled one back on.
   *
   * @example
   * await minga.webhookEndpoints.update(endpointId, { enabled: true });
   */
  update(id: string, patch: WebhookEndpointPatch, options?: RequestOptions): Promise<WebhookEndpoint> {
    return this.#send<WebhookEndpoint>({ method: 'PATCH', path: path(id), body: patch, options });
  }

  /**
   * Deletes an endpoint; its pending deliveries become dead letters.
   *
   * @example
   * await minga.webhookEndpoints.delete(endpointId);
   */
  async delete(id: string, options?: RequestOptions): Promise<void> {
    await this.#send<undefined>({ method: 'DELETE', path: path(id), options });
  }

  /**
   * Issues a new signing secret, shown once; for 24 h deliveries carry `v1=` (new) and `v0=` (old).
   *
   * @example
   * const { secret } = await minga.webhookEndpoints.rotateSecret(endpointId);
   */
  rotateSecret(id: string, options?: RequestOptions): Promise<WebhookEndpointWithSecret> {
    return this.#send<WebhookEndpointWithSecret>({ method: 'POST', path: `${path(id)}/rotate-secret`, options });
  }

  /**
   * Issues a new secret for deliveries to tasks' `callback_url`, shown once; the old one signs as `v0=` for 24 h.
   *
   * @example
   * const { secret } = await minga.webhookEndpoints.rotateCallbackSecret();
   */
  rotateCallbackSecret(options?: RequestOptions): Promise<WebhookCallbackSecret> {
    return this.#send<WebhookCallbackSecret>({ method: 'POST', path: '/v1/webhook-callback-secret/rotate', options });
  }
}
