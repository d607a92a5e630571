import { sendRequest, type ClientConfig, type RequestOptions, type Send } from './internal/send-request.ts';
import { Accounts } from './resources/accounts.ts';
import { ApiKeys } from './resources/api-keys.ts';
import { Auth } from './resources/auth.ts';
import { Credits } from './resources/credits.ts';
import { Events } from './resources/events.ts';
import { Helpers } from './resources/helpers.ts';
import { Operations } from './resources/operations.ts';
import { Projects } from './resources/projects.ts';
import { Tasks } from './resources/tasks.ts';
import { WebhookDeliveries } from './resources/webhook-deliveries.ts';
import { WebhookEndpoints } from './resources/webhook-endpoints.ts';
import { Work } from './resources/work.ts';
import type { Me } from './types.ts';

export interface MingaOptions {
  /** An API key (`mk_live_…`, `mk_test_…`) or a session token from `auth.login`; absent for `auth` calls only. */
  apiKey?: string;
  /** The server, without `/v1` (default `http://127.0.0.1:8080`). */
  baseUrl?: string;
  /** The fetch to use (default the global one): for a proxy agent, instrumentation, or tests. */
  fetch?: typeof globalThis.fetch;
  /** Retries after a 429, a 5xx, a timeout or a network error (default 2). */
  maxRetries?: number;
  /** Limit of one attempt in milliseconds (default 60,000). */
  timeoutMs?: number;
}

/**
 * The Minga API client. Every resource of the API is a property; every method takes per-call
 * `RequestOptions` (idempotency key, abort signal, timeout, retries) as its last argument.
 *
 * @example
 * const minga = new Minga({ apiKey: 'mk_live_…', baseUrl: 'http://127.0.0.1:8080' });
 * const { project } = await minga.projects.create({ name: 'Cats', defaults: { type: 'yesno' } });
 * const task = await minga.tasks.create({ project_id: project.id, content: 'Is this a cat?' });
 */
export class Minga {
  readonly accounts: Accounts;
  readonly apiKeys: ApiKeys;
  readonly auth: Auth;
  readonly credits: Credits;
  readonly events: Events;
  readonly helpers: Helpers;
  readonly operations: Operations;
  readonly projects: Projects;
  readonly tasks: Tasks;
  readonly webhookDeliveries: WebhookDeliveries;
  readonly webhookEndpoints: WebhookEndpoints;
  readonly work: Work;
  readonly #send: Send;

  constructor(options: MingaOptions = {}) {
    const config: ClientConfig = {
      apiKey: options.apiKey,
      baseUrl: (options.baseUrl ?? 'http://127.0.0.1:8080').replace(/\/+$/, ''),
      // Looked up at call time, so that a fetch installed (or mocked) after the client was made is used.
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      maxRetries: options.maxRetries ?? 2,
      timeoutMs: options.timeoutMs ?? 60_000,
    };
    this.#send = (request) => sendRequest(config, request);
    this.accounts = new Accounts(this.#send);
    this.apiKeys = new ApiKeys(this.#send);
    this.auth = new Auth(this.#send);
    this.credits = new Credits(this.#send);
    this.events = new Events(this.#send);
    this.helpers = new Helpers(this.#send);
    this.operations = new Operations(this.#send);
    this.projects = new Projects(this.#send);
    this.tasks = new Tasks(this.#send);
    this.webhookDeliveries = new WebhookDeliveries(this.#send);
    this.webhookEndpoints = new WebhookEndpoints(this.#send);
    this.work = new Work(this.#send);
  }

  /**
   * The caller (user or key) and its account.
   *
   * @example
   * const me = await minga.me();
   * console.log(me.account.name, me.api_key?.mode ?? me.user?.role);
   */
  me(options?: RequestOptions): Promise<Me> {
    return this.#send<Me>({ method: 'GET', path: '/v1/me', options });
  }
}
