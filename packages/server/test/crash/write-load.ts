import { randomUUID } from 'node:crypto';
import { http, sleep } from './http.ts';

/** One create request as sent. Its `key` is also the tag of each of its tasks, which carry `metadata.i`. */
export interface SentRequest {
  key: string;
  kind: 'single' | 'array' | 'async';
  size: number;
  /** Its tasks carry unique_id `${key}.${i}`; without, only the tag and metadata tell them apart. */
  uniqueIds: boolean;
}

export interface AckedOperation {
  id: string;
  /** Set once a verification has seen it finish and counted its tasks. */
  checked: boolean;
  key: string;
  size: number;
  /** The `operation_id` the client chose, if it chose one, and the exact body, to repeat it. */
  operationId: string | null;
  body: string;
}

export interface AckedIdempotent {
  idempotencyKey: string;
  path: string;
  body: string;
  status: number;
  text: string;
}

/** What the clients sent and what the server acknowledged, across every kill of one store. */
export interface Ledger {
  sent: Map<string, SentRequest>;
  /** Request keys the server acknowledged (201 or 202 received in full). */
  acked: Set<string>;
  /** Acknowledged task id → its unique_id. */
  tasks: Map<string, string | null>;
  /** Acknowledged task ids not yet read back one by one (the listing checks all of them every time). */
  unread: string[];
  operations: AckedOperation[];
  idempotent: AckedIdempotent[];
  /** Answers other than the expected 201/202: none should occur. */
  unexpected: string[];
}

export const newLedger = (): Ledger => ({ sent: new Map(), acked: new Set(), tasks: new Map(), unread: [], operations: [], idempotent: [], unexpected: [] });

export interface LoadTarget {
  url: string;
  clients: number;
  /** Names this target's clients in request keys. */
  label: string;
}

export interface ClientStats {
  target: string;
  sent: number;
  acked: number;
  /** Requests that got no answer (the server died under them, or a timeout). */
  failed: number;
  /** Acknowledgements that arrived after `markedAt`, when the caller set a mark. */
  ackedAfterMark: number;
}

export interface Load {
  /** Requests sent and not yet answered or failed. */
  inFlight(): number;
  /** From now on, count acknowledgements separately (e.g. after one server was killed). */
  mark(): void;
  /** Stops sending; resolves once every client's last request has settled. */
  stop(): Promise<ClientStats[]>;
}

const THINK_MS = 30;
const between = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

function taskBody(projectId: string, key: string, i: number, uniqueIds: boolean): Record<string, unknown> {
  return {
    project_id: projectId,
    type: 'yesno',
    content: `Is item ${i} of ${key} fine?`,
    tags: [key],
    metadata: { i },
    ...(uniqueIds ? { unique_id: `${key}.${i}` } : {}),
  };
}

/**
 * Several concurrent clients per target, each sending one create after another: single tasks, arrays of
 * 50–200, and async batches of 100–300 (some with a client-chosen operation_id), a third of them with an
 * Idempotency-Key. A client stops at its first unanswered request: its server is presumably dead.
 */
export function startLoad(options: { targets: LoadTarget[]; apiKey: string; projectId: string; ledger: Ledger; round: string }): Load {
  const { apiKey, projectId, ledger, round } = options;
  let stopped = false;
  let inFlight = 0;
  let markedAt: number | null = null;

  const client = async (target: LoadTarget, n: number): Promise<ClientStats> => {
    const stats: ClientStats = { target: target.label, sent: 0, acked: 0, failed: 0, ackedAfterMark: 0 };
    for (let seq = 0; !stopped; seq++) {
      const key = `${round}-${target.label}${n}-${seq}`;
      const roll = Math.random();
      // Every client's first request is an async batch, so each round acknowledges some operations.
      const kind: SentRequest['kind'] = seq === 0 || roll < 0.08 ? 'async' : roll < 0.2 ? 'array' : 'single';
      const size = kind === 'single' ? 1 : kind === 'array' ? between(50, 200) : between(100, 300);
      const uniqueIds = Math.random() < (kind === 'async' ? 0.5 : 0.8);
      const items = Array.from({ length: size }, (_, i) => taskBody(projectId, key, i, uniqueIds));
      const body = JSON.stringify(kind === 'single' ? items[0] : items);
      const operationId = kind === 'async' && Math.random() < 0.5 ? randomUUID() : null;
      const path = kind === 'async' ? `/v1/tasks?async_mode=true${operationId ? `&operation_id=${operationId}` : ''}` : '/v1/tasks';
      const idempotencyKey = Math.random() < 0.3 ? `idem-${key}` : null;

      ledger.sent.set(key, { key, kind, size, uniqueIds });
      stats.sent++;
      inFlight++;
      let reply;
      try {
        reply = await http(target.url, 'POST', path, { token: apiKey, body, headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {} });
      } catch {
        stats.failed++;
        break;
      } finally {
        inFlight--;
      }

      const expected = kind === 'async' ? 202 : 201;
      if (reply.status !== expected) {
        ledger.unexpected.push(`${target.label} ${key}: ${reply.status} ${reply.text.slice(0, 300)}`);
        continue;
      }
      if (kind !== 'async') {
        const created = (kind === 'single' ? [reply.json] : Object.values(reply.json.items)) as { id: string; unique_id: string | null }[];
        if (created.length !== size) ledger.unexpected.push(`${key}: ${created.length} of ${size} created: ${reply.text.slice(0, 300)}`);
        for (const t of created) {
          ledger.tasks.set(t.id, t.unique_id);
          ledger.unread.push(t.id);
        }
      } else {
        if (operationId && reply.json.id !== operationId) ledger.unexpected.push(`${key}: operation ${reply.json.id}, asked for ${operationId}`);
        ledger.operations.push({ id: reply.json.id, checked: false, key, size, operationId, body });
      }
      if (idempotencyKey) ledger.idempotent.push({ idempotencyKey, path, body, status: reply.status, text: reply.text });
      ledger.acked.add(key);
      stats.acked++;
      if (markedAt !== null) stats.ackedAfterMark++;
      // A short pause keeps the volume (and the time to verify it) modest; requests stay in flight anyway.
      await sleep(between(0, THINK_MS));
    }
    return stats;
  };

  const clients = options.targets.flatMap((t) => Array.from({ length: t.clients }, (_, n) => client(t, n)));
  return {
    inFlight: () => inFlight,
    mark: () => {
      markedAt = Date.now();
    },
    stop: async () => {
      stopped = true;
      return Promise.all(clients);
    },
  };
}
