import type { RequestOptions, Send } from '../internal/send-request.ts';
import type { AccountCreate, CreatedAccount } from '../types.ts';

/** `POST /v1/accounts`: more tenants (the instance admin, or anyone with open sign-up). */
export class Accounts {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /**
   * Creates an account; its owner's API key is in the answer, once.
   *
   * @example
   * const { account, api_key } = await minga.accounts.create({ name: 'Acme', owner_email: 'ops@acme.test', owner_password: 'a long enough password' });
   * const acme = new Minga({ apiKey: api_key });
   */
  create(account: AccountCreate, options?: RequestOptions): Promise<CreatedAccount> {
    return this.#send<CreatedAccount>({ method: 'POST', path: '/v1/accounts', body: account, options });
  }
}
