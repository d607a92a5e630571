import { UsageError } from './usage-error.ts';

export interface ServerTarget {
  url: string;
  apiKey: string;
}

/** The server a command talks to: `MINGA_URL` (default http://127.0.0.1:8080) and `MINGA_API_KEY` (SPEC §5). */
export function serverTarget(env: NodeJS.ProcessEnv): ServerTarget {
  const apiKey = env.MINGA_API_KEY;
  if (!apiKey) throw new UsageError('MINGA_API_KEY is not set: export the API key printed on the first start (or one from POST /v1/api-keys)');
  return { url: (env.MINGA_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, ''), apiKey };
}

/** The API's error, as the server said it: `code: message`. */
export class ServerError extends Error {}

/** One JSON request to the server; a non-2xx answer becomes a ServerError carrying the API's message. */
export async function callServer<T>(target: ServerTarget, method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${target.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${target.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new ServerError(`cannot reach ${target.url} (${error instanceof Error ? (error.cause as Error | undefined)?.message ?? error.message : String(error)}); is the server running? Set MINGA_URL to its address`);
  }
  const text = await res.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const e = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ServerError(`${res.status} ${e?.code ?? 'error'}: ${e?.message ?? text.slice(0, 200)}`);
  }
  return json as T;
}
