import pino from 'pino';
import { bootstrapInstance } from '../../src/core/accounts/bootstrap-instance.ts';
import { runNextOperation } from '../../src/core/operations/run-operations.ts';
import { fanOutEvents } from '../../src/core/webhooks/fan-out-events.ts';
import { DEFAULT_WEBHOOK_SETTINGS } from '../../src/core/webhooks/webhook-settings.ts';
import { buildApp } from '../../src/http/build-app.ts';
import type { AppDeps } from '../../src/http/app-deps.ts';
import type { Store } from '../../src/store/store.ts';

export interface CallOptions {
  token?: string | null;
  body?: unknown;
  /** A body sent as is (e.g. malformed JSON). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  // Tests inspect arbitrary JSON.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface TestApp {
  app: ReturnType<typeof buildApp>;
  /** The instance admin's account-wide live key (the owner created on first start). */
  adminKey: string;
  adminEmail: string;
  adminPassword: string;
  /** Logs the instance admin in and returns the session token. */
  adminSession(): Promise<string>;
  call(method: string, path: string, options?: CallOptions): Promise<CallResult>;
  /** Creates another tenant and returns its owner key. */
  newAccount(name?: string): Promise<{ apiKey: string; accountId: string; email: string; password: string }>;
  /** Creates a project with the given key and returns its id and project-scoped key. */
  newProject(token: string, body?: Record<string, unknown>): Promise<{ id: string; key: string }>;
  /** Runs queued operations until none is left (what the background runner does in a server). */
  drainOperations(): Promise<void>;
  /**
   * Turns new events into webhook deliveries (what the deliverer does in a server, without sending them),
   * until `until` holds: on PostgreSQL, events of transactions that finished after older ones still
   * running elsewhere on the cluster become readable a little later.
   */
  fanOutWebhooks(until: () => Promise<boolean>): Promise<void>;
}

let accountSeq = 0;

/**
 * The real app over a real store, called in-process through `app.request()`; nothing is mocked. The
 * store is bootstrapped like a first start, so the instance admin exists.
 */
export async function openTestApp(store: Store, config: Partial<AppDeps['config']> = {}, extra: Pick<AppDeps, 'webhooks' | 'onWebhookReplayed' | 'rateLimiter' | 'loginLimiter'> = {}): Promise<TestApp> {
  const email = `admin-${Date.now()}-${accountSeq++}@example.test`;
  const boot = await bootstrapInstance(store, email);
  if (!boot) throw new Error('openTestApp needs an empty store');
  const appConfig = { openSignup: false, maxBodyBytes: 64 * 1024 * 1024, publicUrl: 'http://127.0.0.1:8080', credits: false, ...config };
  const app = buildApp({
    store,
    logger: pino({ level: 'silent' }),
    config: appConfig,
    onOperationQueued: () => {},
    ...extra,
  });

  const call = async (method: string, path: string, options: CallOptions = {}): Promise<CallResult> => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    const token = options.token === undefined ? boot.apiKey : options.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    const res = await app.request(path, { method, headers, body });
    const text = await res.text();
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };

  return {
    app,
    adminKey: boot.apiKey,
    adminEmail: boot.email,
    adminPassword: boot.password,
    call,
    adminSession: async () => {
      const r = await call('POST', '/v1/auth/login', { token: null, body: { email: boot.email, password: boot.password } });
      if (r.status !== 200) throw new Error(`admin login failed: ${r.status} ${r.text}`);
      return r.json.token;
    },
    newAccount: async (name = 'Tenant') => {
      const email = `owner-${Date.now()}-${accountSeq++}@example.test`;
      const password = 'correct horse battery staple';
      const r = await call('POST', '/v1/accounts', { body: { name, owner_email: email, owner_password: password } });
      if (r.status !== 201) throw new Error(`account creation failed: ${r.status} ${r.text}`);
      return { apiKey: r.json.api_key, accountId: r.json.account.id, email, password };
    },
    newProject: async (token, body = {}) => {
      const r = await call('POST', '/v1/projects', { token, body: { name: 'Project', ...body } });
      if (r.status !== 201) throw new Error(`project creation failed: ${r.status} ${r.text}`);
      return { id: r.json.project.id, key: r.json.api_key };
    },
    fanOutWebhooks: async (until) => {
      const deadline = Date.now() + 20_000;
      for (;;) {
        await fanOutEvents(store, DEFAULT_WEBHOOK_SETTINGS);
        if (await until()) return;
        if (Date.now() > deadline) throw new Error('no webhook delivery appeared within 20 s');
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    drainOperations: async () => {
      while (await runNextOperation(store, undefined, appConfig.credits)) {
        // keep going until the queue is empty
      }
    },
  };
}
