import { http } from '../../crash/http.ts';
import type { CallResult } from '../../support/test-app.ts';

/**
 * What the work-load tests need from Minga: one authenticated call. The in-process TestApp already is one;
 * `httpWorkApi` is the same over a real server process, so a load runs unchanged against either.
 */
export interface WorkApi {
  call(method: string, path: string, options?: { token?: string | null; body?: unknown }): Promise<Pick<CallResult, 'status' | 'text' | 'json'>>;
}

/** Calls a real server process; a missing token means the admin key. A network failure rejects. */
export function httpWorkApi(base: string, adminKey: string, timeoutMs = 30_000): WorkApi {
  return {
    call: (method, path, options = {}) => {
      const token = options.token === undefined ? adminKey : (options.token ?? undefined);
      return http(base, method, path, {
        ...(token ? { token } : {}),
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        timeoutMs,
      });
    },
  };
}

/** Calls that must succeed: any status outside 2xx throws with the body. */
export async function must(api: WorkApi, method: string, path: string, options: { token?: string | null; body?: unknown } = {}) {
  const r = await api.call(method, path, options);
  if (r.status < 200 || r.status > 299) throw new Error(`${method} ${path} → ${r.status} ${r.text.slice(0, 500)}`);
  return r;
}
