export interface HttpReply {
  status: number;
  headers: Headers;
  text: string;
  // Tests inspect arbitrary JSON.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface HttpOptions {
  token?: string;
  /** Sent as is; a JSON body is serialised by the caller so that a replay can send the same bytes. */
  body?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * One request to a real server process. Rejects on a network failure (the server died) or after
 * `timeoutMs`; an HTTP error status is an answer, not a rejection.
 */
export async function http(base: string, method: string, path: string, options: HttpOptions = {}): Promise<HttpReply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  let text: string;
  try {
    res = await fetch(`${base}${path}`, { method, headers, body: options.body, signal: AbortSignal.timeout(options.timeoutMs ?? 20_000) });
    text = await res.text();
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    throw new Error(`${method} ${base}${path} got no answer (${error instanceof Error ? error.message : String(error)}${cause})`, { cause: error });
  }
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Like `http`, but only a 2xx answer is acceptable. */
export async function ok(base: string, method: string, path: string, options: HttpOptions = {}): Promise<HttpReply> {
  const reply = await http(base, method, path, options);
  if (reply.status < 200 || reply.status > 299) throw new Error(`${method} ${path} → ${reply.status} ${reply.text.slice(0, 500)}`);
  return reply;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value other than undefined; throws after `timeoutMs`. */
export async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined> | T | undefined, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Runs `fn` over `items` with at most `limit` calls at a time. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
