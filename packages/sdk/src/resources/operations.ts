import type { RequestOptions, Send } from '../internal/send-request.ts';
import type { Operation } from '../types.ts';

/** `GET /v1/operations/{id}`: background jobs such as `tasks.createMany` with `async_mode`. */
export class Operations {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /**
   * An operation's status, progress, counts and per-item errors.
   *
   * @example
   * const operation = await minga.operations.get(operationId);
   * console.log(operation.status, operation.progress, operation.details.items_created);
   */
  get(id: string, options?: RequestOptions): Promise<Operation> {
    return this.#send<Operation>({ method: 'GET', path: `/v1/operations/${encodeURIComponent(id)}`, options });
  }
}
