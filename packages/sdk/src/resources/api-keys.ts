import { paginate } from '../internal/paginate.ts';
import type { RequestOptions, Send } from '../internal/send-request.ts';
import type { ApiKey, ApiKeyCreate, ApiKeyWithSecret, Page, PageParams } from '../types.ts';

/** `/v1/api-keys…`: live and test keys, account-wide or for one project. */
export class ApiKeys {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /**
   * Creates a key; its secret is in the answer, once.
   *
   * @example
   * const { api_key, secret } = await minga.apiKeys.create({ name: 'staging', mode: 'test' });
   * console.log(api_key.prefix, secret);
   */
  create(key: ApiKeyCreate = {}, options?: RequestOptions): Promise<ApiKeyWithSecret> {
    return this.#send<ApiKeyWithSecret>({ method: 'POST', path: '/v1/api-keys', body: key, options });
  }

  /**
   * Every key, by prefix (secrets are never shown again).
   *
   * @example
   * for await (const key of minga.apiKeys.list()) console.log(key.prefix, key.revoked_at);
   */
  list(params: PageParams = {}, options?: RequestOptions): AsyncGenerator<ApiKey, void, undefined> {
    return paginate((cursor) => this.listPage({ ...params, cursor }, options), params.cursor);
  }

  /**
   * One page of keys.
   *
   * @example
   * const page = await minga.apiKeys.listPage({ limit: 100 });
   */
  listPage(params: PageParams = {}, options?: RequestOptions): Promise<Page<ApiKey>> {
    return this.#send<Page<ApiKey>>({ method: 'GET', path: '/v1/api-keys', query: { ...params }, options });
  }

  /**
   * Revokes a key; it stops working at once.
   *
   * @example
   * const revoked = await minga.apiKeys.revoke(keyId);
   * console.log(revoked.revoked_at);
   */
  revoke(id: string, options?: RequestOptions): Promise<ApiKey> {
    return this.#send<ApiKey>({ method: 'DELETE', path: `/v1/api-keys/${encodeURIComponent(id)}`, options });
  }
}
