import { z } from 'zod';
import { CreditBalance, CreditGrant, LedgerEntry, PageQuery, page } from '@minga/api-contracts';
import { getCredits, grantCredits, listLedger } from '../core/credits/credits.ts';
import { defineRoute } from '../http/route.ts';

export const getCreditsRoute = defineRoute({
  method: 'get',
  path: '/v1/credits',
  operationId: 'getCredits',
  summary: "The account's available and reserved credits",
  tag: 'Credits',
  auth: 'required',
  responses: { 200: { description: 'The balance', schema: CreditBalance } },
  handle: async ({ deps, principal }) => ({ status: 200, body: await getCredits(deps.store, principal, deps.config.credits) }),
});

export const listLedgerRoute = defineRoute({
  method: 'get',
  path: '/v1/credits/ledger',
  operationId: 'listLedger',
  summary: "The account's ledger: every movement of its credits as legs that sum to zero, oldest first",
  tag: 'Credits',
  auth: 'required',
  query: PageQuery.strict(),
  responses: { 200: { description: 'A page of ledger entries', schema: page(LedgerEntry) } },
  handle: async ({ deps, principal, query }) => ({ status: 200, body: await listLedger(deps.store, principal, query) }),
});

export const grantCreditsRoute = defineRoute({
  method: 'post',
  path: '/v1/credits/grants',
  operationId: 'grantCredits',
  summary: 'Grant credits to an account (instance admin only)',
  tag: 'Credits',
  auth: 'required',
  body: CreditGrant,
  responses: {
    201: { description: 'The grant and the account’s new balance', schema: z.object({ account_id: z.string(), granted: z.number(), available: z.number(), reserved: z.number() }) },
  },
  handle: async ({ deps, principal, body }) => ({ status: 201, body: await grantCredits(deps.store, principal, deps.config.credits, body) }),
});
