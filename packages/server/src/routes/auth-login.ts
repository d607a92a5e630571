import { z } from 'zod';
import { LoginBody, User } from '@minga/api-contracts';
import { login } from '../core/accounts/login.ts';
import { enforceAllowance } from '../http/enforce-rate-limit.ts';
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
  handle: async ({ deps, body, c }) => {
    if (deps.loginLimiter) await enforceAllowance(deps.loginLimiter, `login:${body.email.trim().toLowerCase()}`, 0, c, () => 'too many login attempts for this email');
    return { status: 200, body: await login(deps.store, body.email, body.password) };
  },
});
