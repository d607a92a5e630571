import type { Generated } from 'kysely';

/**
 * Tables as Kysely sees them. Timestamps are ISO-8601 UTC strings (`2026-01-02T03:04:05.678Z`), which sort
 * as text on both backends; booleans are 0/1 integers; JSON documents are text.
 */
export interface Database {
  accounts: { id: string; name: string; created_at: string };
  users: {
    id: string;
    account_id: string;
    email: string;
    name: string | null;
    password_hash: string;
    role: 'owner' | 'helper';
    super_user: number;
    instance_admin: number;
    created_at: string;
    deleted_at: string | null;
  };
  sessions: { token_hash: string; user_id: string; account_id: string; created_at: string; expires_at: string };
  api_keys: {
    id: string;
    account_id: string;
    project_id: string | null;
    mode: 'live' | 'test';
    name: string | null;
    prefix: string;
    key_hash: string;
    created_at: string;
    last_used_at: string | null;
    revoked_at: string | null;
  };
  projects: {
    id: string;
    account_id: string;
    name: string;
    description: string | null;
    status: 'open' | 'closed';
    defaults: string;
    created_at: string;
    updated_at: string;
  };
  project_counters: {
    project_id: string;
    shard: number;
    total: Generated<number>;
    pending: Generated<number>;
    in_progress: Generated<number>;
    completed: Generated<number>;
    canceled: Generated<number>;
    error: Generated<number>;
    needs_review: Generated<number>;
    answers: Generated<number>;
    agreement_sum: Generated<number>;
    agreement_count: Generated<number>;
  };
  project_hourly: { project_id: string; hour: string; completed: number; answers: number };
  tasks: {
    id: string;
    account_id: string;
    project_id: string;
    test: number;
    type: string;
    status: string;
    priority: number;
    unique_id: string | null;
    review_status: string | null;
    answer_count: number;
    times_redone: number;
    created_at: string;
    updated_at: string;
    completed_at: string | null;
    callback_succeeded: number | null;
    credits_used: number;
    /** The normalised task settings that are not columns of their own, as JSON. */
    spec: string;
    metadata: string;
    tags: string;
    result: string | null;
  };
  task_tags: { account_id: string; tag: string; task_id: string };
  events: {
    seq: Generated<number>;
    id: string;
    account_id: string;
    type: string;
    task_id: string | null;
    project_id: string | null;
    data: string;
    created_at: string;
  };
  operations: {
    id: string;
    account_id: string;
    test: number;
    type: string;
    status: 'pending' | 'running' | 'success' | 'fail';
    submitted_at: string;
    started_at: string | null;
    finished_at: string | null;
    lease_until: string | null;
    params: string;
    details: string;
  };
  operation_chunks: { operation_id: string; chunk: number; items: string; done: number };
  idempotency_keys: {
    account_id: string;
    key: string;
    request_hash: string;
    status: 'in_flight' | 'done';
    response_status: number | null;
    response_body: string | null;
    response_type: string | null;
    created_at: string;
    locked_until: string;
  };
}
