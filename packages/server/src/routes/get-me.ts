import { Me } from '@minga/api-contracts';
import { describeCaller } from '../core/accounts/describe-caller.ts';
import { defineRoute } from '../http/route.ts';

export const getMe = defineRoute({
  method: 'get',
  path: '/v1/me',
  operationId: 'getMe',
  summary: 'The caller (user or key) and its account',
  tag: 'Accounts',
  auth: 'required',
  // Helpers too: the web app asks who is logged in before it shows anything.
  audience: 'anyone',
  responses: { 200: { description: 'The caller', schema: Me } },
  handle: async ({ deps, principal }) => ({ status: 200, body: await describeCaller(deps.store, principal) }),
});
