import { paginate } from '../internal/paginate.ts';
import type { RequestOptions, Send } from '../internal/send-request.ts';
import type { Page, WebhookDelivery, WebhookDeliveryListParams } from '../types.ts';

const path = (id: string) => `/v1/webhook-deliveries/${encodeURIComponent(id)}`;

/** `/v1/webhook-deliveries…`: the log of every event sent to every target, and replays. */
export class WebhookDeliveries {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /**
   * Every delivery that matches the filters.
   *
   * @example
   * for await (const delivery of minga.webhookDeliveries.list({ status: 'dead' })) console.log(delivery.url, delivery.last_error);
   */
  list(params: WebhookDeliveryListParams = {}, options?: RequestOptions): AsyncGenerator<WebhookDelivery, void, undefined> {
    return paginate((cursor) => this.listPage({ ...params, cursor }, options), params.cursor);
  }

  /**
   * One page of deliveries.
   *
   * @example
   * const page = await minga.webhookDeliveries.listPage({ task_id: taskId });
   */
  listPage(params: WebhookDeliveryListParams = {}, options?: RequestOptions): Promise<Page<WebhookDelivery>> {
    return this.#send<Page<WebhookDelivery>>({ method: 'GET', path: '/v1/webhook-deliveries', query: { ...params }, options });
  }

  /**
   * A delivery with every attempt (status, latency, response excerpt).
   *
   * @example
   * const delivery = await minga.webhookDeliveries.get(deliveryId);
   * console.log(delivery.attempt_log?.map((a) => a.status_code));
   */
  get(id: string, options?: RequestOptions): Promise<WebhookDelivery> {
    return this.#send<WebhookDelivery>({ method: 'GET', path: path(id), options });
  }

  /**
   * Sends a delivery again now, with a fresh retry schedule.
   *
   * @example
   * const delivery = await minga.webhookDeliveries.replay(deliveryId);
   */
  replay(id: string, options?: RequestOptions): Promise<WebhookDelivery> {
    return this.#send<WebhookDelivery>({ method: 'POST', path: `${path(id)}/replay`, options });
  }
}
