import { paginate } from '../internal/paginate.ts';
import type { RequestOptions, Send } from '../internal/send-request.ts';
import type { CreditBalance, CreditGrantParams, CreditGrantResult, LedgerEntry, Page, PageParams } from '../types.ts';

/** `/v1/credits…`: the account's balance and ledger (servers with `MINGA_CREDITS=on` charge for work). */
export class Credits {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /**
   * The account's available and reserved credits.
   *
   * @example
   * const balance = await minga.credits.get();
   * console.log(balance.enabled, balance.available, balance.reserved);
   */
  get(options?: RequestOptions): Promise<CreditBalance> {
    return this.#send<CreditBalance>({ method: 'GET', path: '/v1/credits', options });
  }

  /**
   * Every ledger entry of the account, oldest first: each movement as legs that sum to zero.
   *
   * @example
   * for await (const entry of minga.credits.ledger()) console.log(entry.kind, entry.book, entry.amount);
   */
  ledger(params: PageParams = {}, options?: RequestOptions): AsyncGenerator<LedgerEntry, void, undefined> {
    return paginate((cursor) => this.ledgerPage({ ...params, cursor }, options), params.cursor);
  }

  /**
   * One page of the ledger.
   *
   * @example
   * const page = await minga.credits.ledgerPage({ limit: 100 });
   */
  ledgerPage(params: PageParams = {}, options?: RequestOptions): Promise<Page<LedgerEntry>> {
    return this.#send<Page<LedgerEntry>>({ method: 'GET', path: '/v1/credits/ledger', query: { ...params }, options });
  }

  /**
   * Grants credits to an account (the instance admin only); to the caller's own when `account_id` is absent.
   *
   * @example
   * const grant = await minga.credits.grant({ amount: 1_000, note: 'pilot' });
   * console.log(grant.available);
   */
  grant(params: CreditGrantParams, options?: RequestOptions): Promise<CreditGrantResult> {
    return this.#send<CreditGrantResult>({ method: 'POST', path: '/v1/credits/grants', body: params, options });
  }
}
