import { z } from 'zod';
import { LoginBody, User } from '@minga/api-contracts';
import { login } from '../core/accounts/login.ts';
import { defineRoute } from '../http/route.ts';

export const authLogin = defineRoute({
  method: 'post',
  path: '/v1/auth/login',
  operationId: 'login',
  summary: 'Log in with email and password; returns a session token to use as Bearer',
  tag: 'Accounts',
  auth: 'none',
  body: LoginBody,
  responses: { 200: { description: 'A session', schema: z.object({ token: z.string(), user: User }) } },
  handle: async ({ deps, body }) => ({ status: 200, body: await login(deps.store, body.email, body.password) }),
});
