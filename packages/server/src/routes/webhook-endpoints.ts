import { PageQuery, WebhookCallbackSecret, WebhookEndpoint, WebhookEndpointCreate, WebhookEndpointPatch, WebhookEndpointWithSecret, page } from '@minga/api-contracts';
import { rotateCallbackSecret } from '../core/webhooks/callback-secret.ts';
import { createEndpoint, deleteEndpoint, getEndpoint, listEndpoints, rotateEndpointSecret, updateEndpoint } from '../core/webhooks/endpoints.ts';
import { DEFAULT_WEBHOOK_SETTINGS } from '../core/webhooks/webhook-settings.ts';
import { defineRoute } from '../http/route.ts';
import { IdParams } from './params.ts';

const TAG = 'Webhooks';

export const createWebhookEndpointRoute = defineRoute({
  method: 'post',
  path: '/v1/webhook-endpoints',
  operationId: 'createWebhookEndpoint',
  summary: 'Register a URL for events (task.*, assignment.*, audit.*, operation.*); the signing secret is shown once',
  tag: TAG,
  auth: 'required',
  body: WebhookEndpointCreate,
  responses: { 201: { description: 'The endpoint and its secret', schema: WebhookEndpointWithSecret } },
  handle: async ({ deps, principal, body }) => ({ status: 201, body: await createEndpoint(deps.store, principal, body) }),
});

export const listWebhookEndpointsRoute = defineRoute({
  method: 'get',
  path: '/v1/webhook-endpoints',
  operationId: 'listWebhookEndpoints',
  summary: 'List webhook endpoints, with their health (failing since, disabled and why)',
  tag: TAG,
  auth: 'required',
  query: PageQuery.strict(),
  responses: { 200: { description: 'A page of endpoints', schema: page(WebhookEndpoint) } },
  handle: async ({ deps, principal, query }) => ({ status: 200, body: await listEndpoints(deps.store, principal, query) }),
});

export const getWebhookEndpointRoute = defineRoute({
  method: 'get',
  path: '/v1/webhook-endpoints/{id}',
  operationId: 'getWebhookEndpoint',
  summary: 'Get a webhook endpoint',
  tag: TAG,
  auth: 'required',
  params: IdParams,
  responses: { 200: { description: 'The endpoint', schema: WebhookEndpoint } },
  handle: async ({ deps, principal, params }) => ({ status: 200, body: await getEndpoint(deps.store, principal, params.id) }),
});

export const updateWebhookEndpointRoute = defineRoute({
  method: 'patch',
  path: '/v1/webhook-endpoints/{id}',
  operationId: 'updateWebhookEndpoint',
  summary: "Change an endpoint's URL, events or description; enable it again, or pause it",
  tag: TAG,
  auth: 'required',
  params: IdParams,
  body: WebhookEndpointPatch,
  responses: { 200: { description: 'The endpoint', schema: WebhookEndpoint } },
  handle: async ({ deps, principal, params, body }) => ({ status: 200, body: await updateEndpoint(deps.store, principal, params.id, body) }),
});

export const deleteWebhookEndpointRoute = defineRoute({
  method: 'delete',
  path: '/v1/webhook-endpoints/{id}',
  operationId: 'deleteWebhookEndpoint',
  summary: 'Delete an endpoint; its pending deliveries become dead letters',
  tag: TAG,
  auth: 'required',
  params: IdParams,
  responses: { 204: { description: 'Deleted' } },
  handle: async ({ deps, principal, params }) => {
    await deleteEndpoint(deps.store, principal, params.id);
    return { status: 204 };
  },
});

export const rotateWebhookSecretRoute = defineRoute({
  method: 'post',
  path: '/v1/webhook-endpoints/{id}/rotate-secret',
  operationId: 'rotateWebhookEndpointSecret',
  summary: 'New signing secret, shown once; for 24 h deliveries carry v1= (new) and v0= (old) signatures',
  tag: TAG,
  auth: 'required',
  params: IdParams,
  responses: { 200: { description: 'The endpoint and its new secret', schema: WebhookEndpointWithSecret } },
  handle: async ({ deps, principal, params }) => ({
    status: 200,
    body: await rotateEndpointSecret(deps.store, principal, params.id, (deps.webhooks ?? DEFAULT_WEBHOOK_SETTINGS).rotationGraceMs),
  }),
});

export const rotateCallbackSecretRoute = defineRoute({
  method: 'post',
  path: '/v1/webhook-callback-secret/rotate',
  operationId: 'rotateWebhookCallbackSecret',
  summary: "New secret for deliveries to tasks' callback_url, shown once; the old one signs as v0= for 24 h",
  tag: TAG,
  auth: 'required',
  responses: { 200: { description: 'The new secret', schema: WebhookCallbackSecret } },
  handle: async ({ deps, principal }) => ({ status: 200, body: await rotateCallbackSecret(deps.store, principal, (deps.webhooks ?? DEFAULT_WEBHOOK_SETTINGS).rotationGraceMs) }),
});

export const WEBHOOK_ENDPOINT_ROUTES = [
  createWebhookEndpointRoute,
  listWebhookEndpointsRoute,
  getWebhookEndpointRoute,
  updateWebhookEndpointRoute,
  deleteWebhookEndpointRoute,
  rotateWebhookSecretRoute,
  rotateCallbackSecretRoute,
];

