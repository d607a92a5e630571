// The @example blocks of src/resources/accounts.ts, type-checked.
import { Minga } from '@minga/sdk';
import { minga } from './context.ts';

export async function accountsCreate(): Promise<void> {
  const { account, api_key } = await minga.accounts.create({ name: 'Acme', owner_email: 'ops@acme.test', owner_password: 'a long enough password' });
  const acme = new Minga({ apiKey: api_key });
}
