import { z } from 'zod';
import { ApiKey, ApiKeyCreate, PageQuery, page } from '@minga/api-contracts';
import { createApiKey, listApiKeys, revokeApiKey } from '../core/accounts/api-keys.ts';
import { defineRoute } from '../http/route.ts';
import { IdParams } from './params.ts';

export const createApiKeyRoute = defineRoute({
  method: 'post',
  path: '/v1/api-keys',
  operationId: 'createApiKey',
  summary: 'Create an API key (live or test, account-wide or for one project); the secret is shown once',
  tag: 'API keys',
  auth: 'required',
  body: ApiKeyCreate,
  responses: { 201: { description: 'The key and its secret', schema: z.object({ api_key: ApiKey, secret: z.string() }) } },
  handle: async ({ deps, principal, body }) => {
    const { key, secret } = await createApiKey(deps.store, principal, body);
    return { status: 201, body: { api_key: key, secret } };
  },
});

export const listApiKeysRoute = defineRoute({
  method: 'get',
  path: '/v1/api-keys',
  operationId: 'listApiKeys',
  summary: 'List API keys by prefix (secrets are never shown again)',
  tag: 'API keys',
  auth: 'required',
  query: PageQuery.strict(),
  responses: { 200: { description: 'A page of keys', schema: page(ApiKey) } },
  handle: async ({ deps, principal, query }) => ({ status: 200, body: await listApiKeys(deps.store, principal, query) }),
});

export const revokeApiKeyRoute = defineRoute({
  method: 'delete',
  path: '/v1/api-keys/{id}',
  operationId: 'revokeApiKey',
  summary: 'Revoke an API key; it stops working at once',
  tag: 'API keys',
  auth: 'required',
  params: IdParams,
  responses: { 200: { description: 'The revoked key', schema: ApiKey } },
  handle: async ({ deps, principal, params }) => ({ status: 200, body: await revokeApiKey(deps.store, principal, params.id) }),
});
