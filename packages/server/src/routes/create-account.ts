import { z } from 'zod';
import { Account, AccountCreate, User } from '@minga/api-contracts';
import { createAccount } from '../core/accounts/create-account.ts';
import { defineRoute } from '../http/route.ts';

export const createAccountRoute = defineRoute({
  method: 'post',
  path: '/v1/accounts',
  operationId: 'createAccount',
  summary: 'Create another tenant (instance admin only, or anyone with open sign-up); its owner key is shown once',
  tag: 'Accounts',
  auth: 'optional',
  body: AccountCreate,
  responses: { 201: { description: 'The new account', schema: z.object({ account: Account, owner: User, api_key: z.string() }) } },
  handle: async ({ deps, body, maybePrincipal }) => {
    const created = await createAccount(deps.store, maybePrincipal, deps.config.openSignup, {
      name: body.name,
      ownerEmail: body.owner_email,
      ownerPassword: body.owner_password,
    });
    return { status: 201, body: { account: created.account, owner: created.owner, api_key: created.api_key } };
  },
});
