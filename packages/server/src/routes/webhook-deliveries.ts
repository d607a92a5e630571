import { WebhookDeliveriesQuery, WebhookDelivery, page } from '@minga/api-contracts';
import { getDelivery, listDeliveries, replayDelivery } from '../core/webhooks/deliveries.ts';
import { DEFAULT_WEBHOOK_SETTINGS } from '../core/webhooks/webhook-settings.ts';
import { defineRoute } from '../http/route.ts';
import { IdParams } from './params.ts';

export const listWebhookDeliveriesRoute = defineRoute({
  method: 'get',
  path: '/v1/webhook-deliveries',
  operationId: 'listWebhookDeliveries',
  summary: 'The delivery log: one delivery per event and target, filtered by endpoint, task, event or status',
  tag: 'Webhooks',
  auth: 'required',
  query: WebhookDeliveriesQuery,
  responses: { 200: { description: 'A page of deliveries', schema: page(WebhookDelivery) } },
  handle: async ({ deps, principal, query }) => ({ status: 200, body: await listDeliveries(deps.store, principal, query) }),
});

export const getWebhookDeliveryRoute = defineRoute({
  method: 'get',
  path: '/v1/webhook-deliveries/{id}',
  operationId: 'getWebhookDelivery',
  summary: 'A delivery with every attempt (status, latency, response excerpt)',
  tag: 'Webhooks',
  auth: 'required',
  params: IdParams,
  responses: { 200: { description: 'The delivery', schema: WebhookDelivery } },
  handle: async ({ deps, principal, params }) => ({ status: 200, body: await getDelivery(deps.store, principal, params.id) }),
});

export const replayWebhookDeliveryRoute = defineRoute({
  method: 'post',
  path: '/v1/webhook-deliveries/{id}/replay',
  operationId: 'replayWebhookDelivery',
  summary: 'Send a delivery again now (delivered, failing or dead), with a fresh retry schedule',
  tag: 'Webhooks',
  auth: 'required',
  params: IdParams,
  responses: { 202: { description: 'The delivery, due now', schema: WebhookDelivery } },
  handle: async ({ deps, principal, params }) => {
    const delivery = await replayDelivery(deps.store, principal, params.id, (deps.webhooks ?? DEFAULT_WEBHOOK_SETTINGS).retryWindowMs);
    deps.onWebhookReplayed?.();
    return { status: 202, body: delivery };
  },
});

export const WEBHOOK_DELIVERY_ROUTES = [listWebhookDeliveriesRoute, getWebhookDeliveryRoute, replayWebhookDeliveryRoute];
