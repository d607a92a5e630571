import { mapLimit, sleep } from '../../crash/http.ts';
import { must, type WorkApi } from './work-api.ts';

/** The answers a helper picks from; with three, about one task in five ends in a three-way tie. */
export const CATEGORIES = ['positive', 'negative', 'neutral'] as const;

export interface LoadHelper {
  id: string;
  token: string;
  index: number;
}

/** A submit the server answered 200, or confirmed later (a retried submit told `already submitted`). */
export interface Ack {
  assignmentId: string;
  taskId: string;
  helperId: string;
  answer: string;
}

/** Deterministic 32-bit PRNG (mulberry32): the same seed gives every helper the same answer sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * A project that hands out plain work only (control_rate 0) and `count` label_text tasks that each need
 * exactly `overlap` answers: majority_vote with max_overlap = overlap, so a tie goes to review instead of
 * asking for a fourth answer.
 */
export async function createWorkProject(api: WorkApi, count: number, overlap = 3): Promise<{ projectId: string; taskIds: string[] }> {
  const project = await must(api, 'POST', '/v1/projects', { body: { name: 'Load', quality: { control_rate: 0 } } });
  const projectId = project.json.project.id as string;
  const taskIds: string[] = [];
  for (let start = 0; start < count; start += 5_000) {
    const items = Array.from({ length: Math.min(5_000, count - start) }, (_, i) => ({
      project_id: projectId,
      type: 'label_text',
      input: { text: `Review ${start + i}`, categories: [...CATEGORIES] },
      overlap,
      max_overlap: overlap,
      consensus_strategy: 'majority_vote',
    }));
    const r = await must(api, 'POST', '/v1/tasks', { body: items });
    const created = Object.values(r.json.items as Record<string, { id: string }>).map((t) => t.id);
    if (created.length !== items.length) throw new Error(`created ${created.length} of ${items.length} tasks: ${r.text.slice(0, 500)}`);
    taskIds.push(...created);
  }
  return { projectId, taskIds };
}

let emailSeq = 0;

/** Invites `count` helpers to the project (admin key) and accepts each invite, a few at a time. */
export async function inviteHelpers(api: WorkApi, projectId: string, count: number, concurrency = 8): Promise<LoadHelper[]> {
  const indexes = Array.from({ length: count }, (_, i) => i);
  return mapLimit(indexes, concurrency, async (index) => {
    const email = `load-${Date.now()}-${emailSeq++}@example.test`;
    const invited = await must(api, 'POST', '/v1/helpers', { body: { email, name: `Load helper ${index}`, project_ids: [projectId] } });
    const accepted = await must(api, 'POST', '/v1/auth/accept-invite', { token: null, body: { token: invited.json.invite_token, password: 'a long enough password' } });
    return { id: invited.json.helper.id as string, token: accepted.json.token as string, index };
  });
}

/**
 * One helper's state across runs. `pending` is an assignment the helper holds: claimed (acknowledged, not
 * yet submitted) or submitted without an answer (the server died mid-request), to send again next run.
 */
export interface HelperState {
  helper: LoadHelper;
  random: () => number;
  pending: { assignmentId: string; taskId: string; answer: string; unknown: boolean } | null;
}

export const helperStates = (helpers: LoadHelper[], seed: number): HelperState[] =>
  helpers.map((helper) => ({ helper, random: seededRandom(seed * 100_003 + helper.index), pending: null }));

export interface LoadOptions {
  projectId: string;
  /** Each helper with the API it talks to (helpers may be split across server processes). */
  workers: { state: HelperState; api: WorkApi }[];
  /** A helper's loop never runs past this (ms since epoch). */
  deadline: number;
}

export interface LoadResult {
  acks: Ack[];
  claims: number;
  empties: number;
  /** Submits sent again after dying unanswered, and how many of them had committed the first time. */
  retried: number;
  retriedCommitted: number;
  /** Requests that died without an answer (expected only when a server is killed), and the first reason. */
  networkErrors: number;
  firstNetworkError: string | null;
  /** Any other answer than 200/204 to a claim or 200 to a submit, as `status claim|submit body`. */
  unexpected: string[];
}

export interface RunningLoad {
  readonly result: Promise<LoadResult>;
  /** Requests sent and not answered yet. */
  inFlight(): number;
  /** Answers acknowledged so far. */
  acked(): number;
}

// A helper stops after this many 204s in a row, this far apart: the work is gone, not just held by others.
const EMPTY_RETRIES = 3;
const EMPTY_PAUSE_MS = 100;

/**
 * Every helper claims and submits in a loop, all at once, until it gets EMPTY_RETRIES + 1 204s in a row or
 * the deadline passes. A network failure ends that helper's run: its held or unanswered assignment stays
 * in its state for the next run.
 */
export function startHelpers(options: LoadOptions): RunningLoad {
  const out: LoadResult = { acks: [], claims: 0, empties: 0, retried: 0, retriedCommitted: 0, networkErrors: 0, firstNetworkError: null, unexpected: [] };
  let inFlight = 0;
  const send = async (api: WorkApi, path: string, token: string, body: unknown) => {
    inFlight++;
    try {
      return await api.call('POST', path, { token, body });
    } finally {
      inFlight--;
    }
  };

  const submitPending = async (api: WorkApi, s: HelperState): Promise<void> => {
    const p = s.pending;
    if (!p) return;
    const wasUnknown = p.unknown;
    p.unknown = true;
    const r = await send(api, `/v1/work/assignments/${p.assignmentId}/submit`, s.helper.token, { answer: p.answer, seconds_spent: 3 });
    s.pending = null;
    if (wasUnknown) out.retried++;
    const ack = { assignmentId: p.assignmentId, taskId: p.taskId, helperId: s.helper.id, answer: p.answer };
    if (r.status === 200) out.acks.push(ack);
    else if (wasUnknown && r.status === 409 && r.json?.error?.details?.status === 'submitted') {
      // The first try committed before the server died: the answer is in, and now acknowledged.
      out.retriedCommitted++;
      out.acks.push(ack);
    } else out.unexpected.push(`${r.status} submit ${r.text.slice(0, 300)}`);
  };

  const loop = async ({ state: s, api }: { state: HelperState; api: WorkApi }) => {
    let empty = 0;
    let errors = 0;
    while (Date.now() < options.deadline) {
      if (s.pending) {
        await submitPending(api, s);
        continue;
      }
      const r = await send(api, '/v1/work/claim', s.helper.token, { project_id: options.projectId });
      if (r.status === 204) {
        out.empties++;
        if (++empty > EMPTY_RETRIES) return;
        await sleep(EMPTY_PAUSE_MS);
        continue;
      }
      if (r.status !== 200) {
        out.unexpected.push(`${r.status} claim ${r.text.slice(0, 300)}`);
        if (++errors >= 3) return;
        await sleep(EMPTY_PAUSE_MS);
        continue;
      }
      empty = 0;
      out.claims++;
      const answer = CATEGORIES[Math.floor(s.random() * CATEGORIES.length)] as string;
      s.pending = { assignmentId: r.json.id as string, taskId: r.json.task_id as string, answer, unknown: false };
    }
  };

  const result = Promise.all(
    options.workers.map((w) =>
      loop(w).catch((error: unknown) => {
        // The server went away mid-request; whatever the helper held stays in its state.
        out.networkErrors++;
        out.firstNetworkError ??= error instanceof Error ? `${error.name}: ${error.message} ${String(error.cause ?? '')}` : String(error);
      }),
    ),
  ).then(() => out);
  return { result, inFlight: () => inFlight, acked: () => out.acks.length };
}

/** Milliseconds per phase (`lap('load')` closes the phase since the previous lap), for a test's log line. */
export function phaseTimer(): ((phase: string) => void) & { all: Record<string, number> } {
  let last = Date.now();
  const all: Record<string, number> = {};
  const lap = (phase: string) => {
    all[phase] = Date.now() - last;
    last = Date.now();
  };
  return Object.assign(lap, { all });
}
