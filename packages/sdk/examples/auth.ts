// The @example blocks of src/resources/auth.ts, type-checked.
import { Minga } from '@minga/sdk';
import { helper, inviteToken } from './context.ts';

export async function authLogin(): Promise<void> {
  const session = await new Minga().auth.login({ email: 'ana@example.com', password: 'a long enough password' });
  const ana = new Minga({ apiKey: session.token });
}

export async function authAcceptInvite(): Promise<void> {
  const session = await new Minga().auth.acceptInvite({ token: inviteToken, password: 'a long enough password' });
  const helper = new Minga({ apiKey: session.token });
}
