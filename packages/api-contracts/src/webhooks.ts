import { z } from 'zod';
import { PageQuery, Timestamp } from './common.ts';

/** The event families a webhook can receive (SPEC §3.6); the rest of the feed stays on `GET /v1/events`. */
export const WEBHOOK_EVENT_FAMILIES = ['task', 'assignment', 'audit', 'operation'] as const;

/**
 * One entry of an endpoint's event filter: `*` (every deliverable event), a family (`task.*`) or one event
 * type (`task.completed`).
 */
export const WebhookEventFilter = z
  .string()
  .regex(new RegExp(`^(\\*|(${WEBHOOK_EVENT_FAMILIES.join('|')})\\.(\\*|[a-z_]{1,40}))$`), 'must be *, a family such as task.*, or an event such as task.completed');

const webhookUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048);

export const WebhookEndpoint = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(z.string()),
    /** Set when the endpoint was made with a project-scoped key (or for one project): only that project's events. */
    project_id: z.string().nullable(),
    status: z.enum(['enabled', 'disabled']),
    /** Why Minga disabled it (410 Gone, failing for days); null while enabled or when the owner disabled it. */
    disabled_reason: z.string().nullable(),
    disabled_at: Timestamp.nullable(),
    /** The first failure of the current run of failures; null after a success. */
    failing_since: Timestamp.nullable(),
    last_success_at: Timestamp.nullable(),
    secret_prefix: z.string(),
    /** Until then deliveries also carry `v0=`, signed with the secret before the last rotation. */
    previous_secret_expires_at: Timestamp.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'WebhookEndpoint' });

export const WebhookEndpointCreate = z
  .strictObject({
    url: webhookUrl,
    events: z.array(WebhookEventFilter).min(1).max(50).default(['*']),
    description: z.string().max(256).optional(),
    project_id: z.string().min(1).max(64).optional(),
  })
  .meta({ id: 'WebhookEndpointCreate' });

export const WebhookEndpointPatch = z
  .strictObject({
    url: webhookUrl.optional(),
    events: z.array(WebhookEventFilter).min(1).max(50).optional(),
    description: z.string().max(256).nullable().optional(),
    /** true re-enables an endpoint Minga disabled (and clears its failure record); false pauses it. */
    enabled: z.boolean().optional(),
  })
  .meta({ id: 'WebhookEndpointPatch' });

export const WebhookEndpointWithSecret = z
  .object({ endpoint: WebhookEndpoint, secret: z.string() })
  .meta({ id: 'WebhookEndpointWithSecret' });

export const WebhookCallbackSecret = z
  .object({ secret: z.string(), previous_secret_expires_at: Timestamp.nullable() })
  .meta({ id: 'WebhookCallbackSecret' });

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'succeeded', 'dead'] as const;

export const WebhookAttempt = z
  .object({
    number: z.int(),
    /** `retry` for the scheduled attempts, `replay` for one asked for with POST …/replay. */
    trigger: z.enum(['retry', 'replay']),
    started_at: Timestamp,
    duration_ms: z.number(),
    status_code: z.int().nullable(),
    succeeded: z.boolean(),
    /** Why an attempt failed without an HTTP status (timeout, refused address, connection error). */
    error: z.string().nullable(),
    /** The first KiB of the response body. */
    response_excerpt: z.string().nullable(),
  })
  .meta({ id: 'WebhookAttempt' });

export const WebhookDelivery = z
  .object({
    id: z.string(),
    event_id: z.string(),
    event: z.string(),
    task_id: z.string().nullable(),
    project_id: z.string().nullable(),
    /** The endpoint it goes to, or null for a task's `callback_url`. */
    endpoint_id: z.string().nullable(),
    url: z.string(),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES),
    attempts: z.int(),
    next_attempt_at: Timestamp.nullable(),
    last_attempt_at: Timestamp.nullable(),
    last_status_code: z.int().nullable(),
    last_error: z.string().nullable(),
    succeeded_at: Timestamp.nullable(),
    created_at: Timestamp,
    /** On `GET /v1/webhook-deliveries/{id}` only: every attempt, oldest first. */
    attempt_log: z.array(WebhookAttempt).optional(),
  })
  .meta({ id: 'WebhookDelivery' });

export const WebhookDeliveriesQuery = PageQuery.extend({
  endpoint_id: z.string().min(1).max(64).optional(),
  task_id: z.string().min(1).max(64).optional(),
  event_id: z.string().min(1).max(64).optional(),
  event: z.string().min(1).max(64).optional(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
}).strict();
