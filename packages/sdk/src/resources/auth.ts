import type { RequestOptions, Send } from '../internal/send-request.ts';
import type { AcceptInviteParams, LoginParams, Session } from '../types.ts';

/** `/v1/auth…`: sessions for people. A session's `token` is used like an API key: `new Minga({ apiKey: token })`. */
export class Auth {
  readonly #send: Send;

  constructor(send: Send) {
    this.#send = send;
  }

  /**
   * Logs in with email and password.
   *
   * @example
   * const session = await new Minga().auth.login({ email: 'ana@example.com', password: 'a long enough password' });
   * const ana = new Minga({ apiKey: session.token });
   */
  login(params: LoginParams, options?: RequestOptions): Promise<Session> {
    return this.#send<Session>({ method: 'POST', path: '/v1/auth/login', body: params, options });
  }

  /**
   * Sets an invited helper's password (the token of `helpers.invite`) and logs in.
   *
   * @example
   * const session = await new Minga().auth.acceptInvite({ token: inviteToken, password: 'a long enough password' });
   * const helper = new Minga({ apiKey: session.token });
   */
  acceptInvite(params: AcceptInviteParams, options?: RequestOptions): Promise<Session> {
    return this.#send<Session>({ method: 'POST', path: '/v1/auth/accept-invite', body: params, options });
  }
}
