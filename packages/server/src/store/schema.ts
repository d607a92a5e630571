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
    /** Quality rules as JSON: control rate, ban thresholds. */
    quality: Generated<string>;
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
  /** Per-hour throughput, sharded like project_counters; hour is `YYYY-MM-DDTHH` in UTC. */
  project_hourly_shards: { project_id: string; hour: string; shard: number; completed: Generated<number>; answers: Generated<number> };
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
    /** Leases that may still be handed out now; a huge number for control and infinite-overlap tasks. */
    open_slots: Generated<number>;
    is_control: Generated<number>;
    min_skill_level: number | null;
    /** 1 when only the helpers in `reserved_for` may take the task. */
    restricted: Generated<number>;
    /** Raised by redo: submissions of earlier rounds no longer count. */
    round: Generated<number>;
    /** Also in `spec`; a column so that the webhook fan-out finds the tasks that have one cheaply. */
    callback_url: string | null;
  };
  helper_projects: {
    user_id: string;
    project_id: string;
    account_id: string;
    created_at: string;
    banned_at: string | null;
    ban_reason: string | null;
  };
  invites: { token_hash: string; user_id: string; account_id: string; created_at: string; expires_at: string; accepted_at: string | null };
  task_helper_rules: { task_id: string; helper_id: string; rule: 'reserved' | 'unavailable' };
  assignments: {
    id: string;
    account_id: string;
    project_id: string;
    task_id: string;
    helper_id: string;
    round: number;
    is_control: number;
    status: 'active' | 'submitted' | 'released' | 'expired';
    claimed_at: string;
    lease_expires_at: string;
    finished_at: string | null;
  };
  submissions: {
    id: string;
    account_id: string;
    project_id: string;
    task_id: string;
    helper_id: string;
    round: number;
    is_control: number;
    answer: string;
    seconds_spent: number;
    submitted_at: string;
    /** For control answers: the weight of the matching known solution (0 when none matched). */
    correctness: number | null;
  };
  skills: {
    helper_id: string;
    /** A project id, or '*' for the helper's overall skill. */
    project_id: string;
    answers: Generated<number>;
    seconds: Generated<number>;
    control_answers: Generated<number>;
    control_score: Generated<number>;
    fast_answers: Generated<number>;
    /** Accuracy estimated by offline aggregation (`update_skills`), used where no control answer measured it. */
    estimated_accuracy: number | null;
    estimated_at: string | null;
  };
  audits: {
    id: string;
    account_id: string;
    task_id: string;
    result: 'accepted' | 'rejected' | 'fixed';
    response: string | null;
    audited_by: string;
    audited_at: string;
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
    /** The writing transaction's order on PostgreSQL (see Capabilities.eventOrder); 0 on SQLite. */
    txid: Generated<number>;
  };
  ledger_entries: {
    seq: Generated<number>;
    movement_id: string;
    /** The tenant the movement belongs to (for a grant: the account receiving it). */
    account_id: string;
    /** `issued`, `available`, `reserved`, `earnings` or `fees`. */
    book: string;
    /** The account (available, reserved, fees), the helper (earnings), or `*` (issued). */
    owner_id: string;
    /** Micro-credits; a movement's legs sum to zero. */
    amount: number;
    kind: string;
    task_id: string | null;
    helper_id: string | null;
    note: string | null;
    created_at: string;
  };
  credit_balances: { book: string; owner_id: string; amount: Generated<number> };
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
    /** `applied`: the request's changes committed, but its response was never stored (the process died). */
    status: 'in_flight' | 'applied' | 'done';
    response_status: number | null;
    response_body: string | null;
    response_type: string | null;
    created_at: string;
    locked_until: string;
  };
  /** Rate-limit buckets of each API key (`key:<id>`) or user (`user:<id>`): when each is full again, epoch ms. */
  rate_limits: { principal: string; requests_tat: number; tasks_tat: number };
  webhook_endpoints: {
    id: string;
    account_id: string;
    /** Only this project's events, when set. */
    project_id: string | null;
    url: string;
    description: string | null;
    /** The event filter as a JSON array (`*`, `task.*`, `task.completed`…). */
    events: string;
    /** Kept in clear: signing needs it. */
    secret: string;
    previous_secret: string | null;
    previous_secret_expires_at: string | null;
    status: 'enabled' | 'disabled';
    disabled_reason: string | null;
    disabled_at: string | null;
    failing_since: string | null;
    last_success_at: string | null;
    created_at: string;
    updated_at: string;
    deleted_at: string | null;
  };
  /** Signs deliveries to tasks' callback_url, one per account. */
  webhook_callback_secrets: { account_id: string; secret: string; previous_secret: string | null; previous_secret_expires_at: string | null; created_at: string };
  webhook_deliveries: {
    id: string;
    account_id: string;
    project_id: string | null;
    task_id: string | null;
    endpoint_id: string | null;
    /** The endpoint id, or `callback` for the task's callback_url: one delivery per event and target. */
    target: string;
    /** What the per-target concurrency cap counts: the endpoint id, or the callback URL's origin. */
    lane: string;
    /** The callback URL; endpoint deliveries go to the endpoint's current URL. */
    url: string | null;
    event_id: string;
    event_type: string;
    /** The exact JSON body sent on every attempt. */
    body: string;
    status: 'pending' | 'succeeded' | 'dead';
    attempts: number;
    /** Failures since the last success or replay: the exponent of the backoff. */
    streak: number;
    trigger: 'retry' | 'replay';
    /** When a pending delivery is due; while an attempt is in flight, when its claim runs out. */
    next_attempt_at: string | null;
    /** A failure after this time is the last: the delivery becomes a dead letter. */
    retry_until: string;
    /** Set while a process holds the delivery for an attempt; its result is written only under this token. */
    claim_token: string | null;
    last_attempt_at: string | null;
    last_status_code: number | null;
    last_error: string | null;
    succeeded_at: string | null;
    created_at: string;
  };
  webhook_attempts: {
    id: string;
    delivery_id: string;
    number: number;
    trigger: 'retry' | 'replay';
    started_at: string;
    duration_ms: number;
    status_code: number | null;
    succeeded: number;
    error: string | null;
    response_excerpt: string | null;
  };
  /** How far the deliverer has read the event table, in feed order; one row. */
  webhook_outbox: { id: number; txid: number; seq: number };
}
