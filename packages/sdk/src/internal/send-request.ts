import { ConnectionError, MingaError } from '../errors.ts';
import { errorFromResponse } from './error-from-response.ts';
import { newIdempotencyKey } from './new-idempotency-key.ts';
import { MAX_RETRY_AFTER_SECONDS, parseRetryAfter, retryDelay } from './retry-delay.ts';
import { sleep } from './sleep.ts';

/** The client's settings, resolved once in the `Minga` constructor. */
export interface ClientConfig {
  readonly apiKey: string | undefined;
  readonly baseUrl: string;
  readonly fetch: typeof globalThis.fetch;
  readonly maxRetries: number;
  readonly timeoutMs: number;
}

/** Per-call settings; every method takes them as its last argument. */
export interface RequestOptions {
  /**
   * Sent as `Idempotency-Key` with every attempt of a mutating request, so a retry is never applied twice.
   * A random UUID when absent; pass your own to make a retry of your own (after a crash) safe too.
   */
  idempotencyKey?: string;
  /** Aborts the call (and its retries). */
  signal?: AbortSignal;
  /** Limit of one attempt, overriding the client's `timeoutMs`. */
  timeoutMs?: number;
  /** Retries after a 429, a 5xx, a timeout or a network error, overriding the client's `maxRetries`. */
  maxRetries?: number;
}

export type QueryValue = string | number | boolean | null | undefined;

export interface ApiRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, QueryValue> | undefined;
  body?: unknown;
  options?: RequestOptions | undefined;
}

/** Sends one API request; resolves with the parsed JSON body (undefined for 204). Bound to a client. */
export type Send = <T>(request: ApiRequest) => Promise<T>;

function buildUrl(baseUrl: string, path: string, query: Record<string, QueryValue> | undefined): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null) params.set(name, String(value));
  }
  const search = params.toString();
  return `${baseUrl}${path}${search ? `?${search}` : ''}`;
}

/** Worth another attempt with the same Idempotency-Key: the server may succeed next time. */
function isRetryable(error: MingaError): boolean {
  if (error instanceof ConnectionError) return true;
  if (error.code === 'idempotency_key_in_use') return true;
  return error.status === 429 || (error.status !== null && error.status >= 500);
}

/**
 * Sends a request with retries: after a 429 (waiting out `Retry-After`), a 5xx, a timeout or a network
 * error, up to `maxRetries` more attempts with exponential backoff and jitter. The body is serialised once
 * and every attempt of a mutating request carries the same `Idempotency-Key`, so the server applies it at
 * most once and replays its first response to the later attempts.
 */
export async function sendRequest<T>(config: ClientConfig, request: ApiRequest): Promise<T> {
  const options = request.options ?? {};
  const url = buildUrl(config.baseUrl, request.path, request.query);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (config.apiKey) headers.Authorization = `Bearer ${config.apiKey}`;
  const body = request.body === undefined ? undefined : JSON.stringify(request.body);
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (request.method !== 'GET') headers['Idempotency-Key'] = options.idempotencyKey ?? newIdempotencyKey();
  const maxRetries = options.maxRetries ?? config.maxRetries;
  const timeoutMs = options.timeoutMs ?? config.timeoutMs;

  for (let attempt = 0; ; attempt++) {
    let error: MingaError;
    let retryAfter: number | null = null;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    try {
      const response = await config.fetch(url, { method: request.method, headers, body, signal });
      const text = await response.text();
      if (response.ok) return (text === '' ? undefined : JSON.parse(text)) as T;
      error = errorFromResponse(response.status, response.headers, text);
      // A 503 may say when to come back too; honour it like a 429's.
      if (response.status === 429 || response.status === 503) retryAfter = parseRetryAfter(response.headers.get('retry-after'));
    } catch (thrown) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (thrown instanceof SyntaxError) throw new MingaError({ message: `the server sent invalid JSON: ${thrown.message}`, code: 'invalid_response', status: null, cause: thrown });
      const timedOut = timeout.aborted;
      error = new ConnectionError({
        message: timedOut ? `no response within ${timeoutMs} ms` : `could not reach ${config.baseUrl}: ${(thrown as Error).message}`,
        code: timedOut ? 'timeout' : 'connection_error',
        status: null,
        cause: thrown,
      });
    }
    if (attempt >= maxRetries || !isRetryable(error)) throw error;
    if (retryAfter !== null && retryAfter > MAX_RETRY_AFTER_SECONDS) throw error;
    await sleep(retryDelay(attempt, retryAfter), options.signal);
  }
}
