import type { Api } from '../support/server.ts';

/** What a bench/ingest run does; flags override the defaults. */
export interface Settings {
  root: string;
  tasks: number;
  batch: number;
  concurrency: number;
  warmupBatches: number;
  fill: number;
  scalingBatch: number;
  samples: number;
  /** Raw-then-HTTP rounds of the SQLite ratio. */
  rounds: number;
  warmupSamples: number;
}

export const createProject = async (api: Api, name: string): Promise<string> =>
  (await api.post<{ project: { id: string } }>('/v1/projects', { name, defaults: {} })).project.id;

export interface Response {
  status: number;
  text: string;
  ms: number;
}

/** Sends the bodies with `concurrency` requests in flight; keeps the raw responses for checking later. */
export async function runBatches(api: Api, bodies: string[], concurrency: number): Promise<Response[]> {
  const out: Response[] = new Array(bodies.length);
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const i = next++;
      const t0 = performance.now();
      const r = await api.postRaw('/v1/tasks', bodies[i] as string);
      out[i] = { ...r, ms: performance.now() - t0 };
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, bodies.length) }, worker));
  return out;
}

/** Counts the created tasks in create-tasks responses; throws on any error. */
export function countCreated(responses: Response[]): number {
  let created = 0;
  for (const r of responses) {
    if (r.status !== 201) throw new Error(`POST /v1/tasks answered ${r.status}: ${r.text.slice(0, 500)}`);
    const body = JSON.parse(r.text) as { items: Record<string, unknown>; validation_errors: Record<string, unknown> };
    const errors = Object.keys(body.validation_errors).length;
    if (errors) throw new Error(`POST /v1/tasks reported ${errors} validation errors: ${JSON.stringify(body.validation_errors).slice(0, 500)}`);
    created += Object.keys(body.items).length;
  }
  return created;
}

/** Min, quartiles and max of a sample, e.g. "[min 30.1, q1 33.0, q3 41.2, max 126]". */
export function spread(xs: number[]): string {
  const sorted = [...xs].sort((a, b) => a - b);
  const at = (q: number) => (sorted[Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))] as number).toFixed(1);
  return `[min ${at(0)}, q1 ${at(0.25)}, q3 ${at(0.75)}, max ${at(1)}; n=${xs.length}]`;
}
