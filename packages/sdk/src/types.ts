/**
 * The API's request and response shapes, taken from the same zod schemas the server validates with
 * (`@minga/api-contracts`), so the SDK and the server cannot disagree. Type-only: nothing of zod or the
 * contracts is loaded at run time.
 */
import type { z } from 'zod';
import type * as C from '@minga/api-contracts';

type In<S extends z.ZodType> = z.input<S>;
type Out<S extends z.ZodType> = z.output<S>;

export type ErrorCode = C.ErrorCode;
export type FieldIssue = C.FieldIssue;
export type TaskType = C.TaskType;

/** One page of a list: pass `next_cursor` back as `cursor` while `has_more`. */
export interface Page<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

/** Paging of a list call; the iterators follow `next_cursor` themselves, so usually only `limit` (page size). */
export interface PageParams {
  limit?: number;
  cursor?: string;
}

// Tasks
export type Task = Out<typeof C.Task>;
export type TaskStatus = Task['status'];
export type TaskResult = Out<typeof C.TaskResult>;
/** A task to create. `type` is narrowed to the human task types (the schema takes any string to explain AI steps). */
export type TaskCreate = Omit<In<typeof C.TaskCreateFields>, 'type'> & { type?: TaskType };
export type TaskPatch = In<typeof C.TaskPatch>;
export type TaskAudit = In<typeof C.AuditBody>;
export type TaskListParams = Omit<In<typeof C.ListTasksQuery>, 'limit' | 'cursor'> & PageParams;
/** Query of `POST /v1/tasks` for an array (`CreateTasksQuery`), as booleans rather than query strings. */
export interface TaskBatchParams {
  skip_invalid_items?: boolean;
  async_mode?: boolean;
  /** RFC 4122 UUID: a repeat does the work once (with `async_mode`). */
  operation_id?: string;
}
export interface TaskItemError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}
/** `POST /v1/tasks` with an array: created tasks and refused items, both keyed by the item's index. */
export interface TaskBatchResult {
  items: Record<string, Task>;
  validation_errors: Record<string, TaskItemError>;
}
export type Operation = Out<typeof C.Operation>;

// Projects
export type Project = Out<typeof C.Project>;
export type ProjectCreate = In<typeof C.ProjectCreate>;
export type ProjectPatch = In<typeof C.ProjectPatch>;
export type ProjectStats = Out<typeof C.ProjectStats>;
/** A new project and its project-scoped API key, shown this once. */
export interface ProjectWithKey {
  project: Project;
  api_key: string;
}
export type AggregateParams = In<typeof C.AggregateRequest>;
export type AggregateResult = Out<typeof C.AggregateResult>;

// Accounts, keys, sessions
export type Account = Out<typeof C.Account>;
export type User = Out<typeof C.User>;
export type Me = Out<typeof C.Me>;
export type AccountCreate = In<typeof C.AccountCreate>;
export interface CreatedAccount {
  account: Account;
  owner: User;
  api_key: string;
}
export type ApiKey = Out<typeof C.ApiKey>;
export type ApiKeyCreate = In<typeof C.ApiKeyCreate>;
export interface ApiKeyWithSecret {
  api_key: ApiKey;
  secret: string;
}
export type LoginParams = In<typeof C.LoginBody>;
export type AcceptInviteParams = In<typeof C.AcceptInvite>;
/** A session token (use it as `apiKey`) and its user. */
export interface Session {
  token: string;
  user: User;
}

// Helpers and work
export type Helper = Out<typeof C.Helper>;
export type HelperCreate = In<typeof C.HelperCreate>;
export type HelperPatch = In<typeof C.HelperPatch>;
export type HelperStats = Out<typeof C.HelperStats>;
export interface HelperInvite {
  helper: Helper;
  invite_url: string;
  invite_token: string;
}
export type Assignment = Out<typeof C.Assignment>;
export type ClaimParams = In<typeof C.ClaimBody>;
export type SubmitParams = In<typeof C.SubmitBody>;
export type SubmitResult = Out<typeof C.SubmitResult>;
export interface WorkProject {
  id: string;
  name: string;
  description: string | null;
  skill_level: number;
}

// Events, credits, webhooks
export type Event = Out<typeof C.Event>;
export type EventListParams = Omit<In<typeof C.EventsQuery>, 'limit'> & { limit?: number };
export type CreditBalance = Out<typeof C.CreditBalance>;
export type LedgerEntry = Out<typeof C.LedgerEntry>;
export type CreditGrantParams = In<typeof C.CreditGrant>;
export interface CreditGrantResult {
  account_id: string;
  granted: number;
  available: number;
  reserved: number;
}
export type WebhookEndpoint = Out<typeof C.WebhookEndpoint>;
export type WebhookEndpointCreate = In<typeof C.WebhookEndpointCreate>;
export type WebhookEndpointPatch = In<typeof C.WebhookEndpointPatch>;
export type WebhookEndpointWithSecret = Out<typeof C.WebhookEndpointWithSecret>;
export type WebhookCallbackSecret = Out<typeof C.WebhookCallbackSecret>;
export type WebhookDelivery = Out<typeof C.WebhookDelivery>;
export type WebhookDeliveryListParams = Omit<In<typeof C.WebhookDeliveriesQuery>, 'limit' | 'cursor'> & PageParams;
/** The JSON body of a webhook delivery, as `verifyWebhook` returns it. */
export interface WebhookEvent {
  id: string;
  event: string;
  task_id: string | null;
  created_at: string;
  data: unknown;
}
