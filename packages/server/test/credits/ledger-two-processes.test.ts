import { rmSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { http } from '../crash/http.ts';
import { killAllServerProcesses, startServerProcess } from '../support/server-process.ts';
import { backends, createTestDatabase, createTestDataDir } from '../support/stores.ts';
import { expectLedgerInvariants } from './ledger-invariants.ts';
import { HELPERS, ledgerOp, runLedgerOp, type Caller } from './ledger-ops.ts';

const WORKERS = 6;
const OPS_PER_WORKER = 40;

afterAll(() => killAllServerProcesses());

// The same random workload, run by several clients at once against two server processes that share one
// PostgreSQL database: concurrent reservations, payments and refunds on the same account and the same tasks.
describe.runIf(backends.includes('postgres'))('credits ledger, two processes on one PostgreSQL', () => {
  it('keeps every ledger invariant under concurrent random work on both processes', async () => {
    const database = await createTestDatabase('ledger_two_processes');
    const dirs = [createTestDataDir('ledger-a'), createTestDataDir('ledger-b')];
    try {
      const env = { MINGA_CREDITS: 'on' };
      const a = await startServerProcess({ dataDir: dirs[0] as string, databaseUrl: database.url, env });
      const b = await startServerProcess({ dataDir: dirs[1] as string, databaseUrl: database.url, env });
      const key = a.apiKey as string;
      const servers = [a.url, b.url];
      const json = (body: unknown) => (body === undefined ? undefined : JSON.stringify(body));
      const project = await http(a.url, 'POST', '/v1/projects', { token: key, body: json({ name: 'ledger', quality: { control_rate: 0 } }) });
      expect(project.status).toBe(201);
      const projectId = project.json.project.id as string;
      const helpers: string[] = [];
      for (let i = 0; i < HELPERS; i++) {
        const invited = await http(a.url, 'POST', '/v1/helpers', { token: key, body: json({ email: `ledger-${Date.now()}-${i}@example.test`, project_ids: [projectId] }) });
        const accepted = await http(b.url, 'POST', '/v1/auth/accept-invite', { body: json({ token: invited.json.invite_token, password: 'a long enough password' }) });
        helpers.push(accepted.json.token);
      }
      const grant = async (amount: number) => (await http(servers[amount % 2] as string, 'POST', '/v1/credits/grants', { token: key, body: json({ amount }) })).status;
      expect(await grant(30)).toBe(201);

      const tasks: string[] = [];
      const statuses: number[] = [];
      const workloads = fc.sample(fc.array(ledgerOp, { minLength: OPS_PER_WORKER, maxLength: OPS_PER_WORKER }), { numRuns: WORKERS, seed: 20261123 });
      await Promise.all(
        workloads.map(async (ops, w) => {
          const caller: Caller = {
            call: async (method, path, body, token) => {
              const r = await http(servers[(w + statuses.length) % 2] as string, method, path, { token: token ?? key, body: json(body) });
              return { status: r.status, json: r.json };
            },
          };
          for (const op of ops) statuses.push(await runLedgerOp(op, caller, { projectId, tasks, helpers, grant }));
        }),
      );
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
      // Both processes served work that moved credits: reservations refused for lack of credits included.
      expect(statuses.filter((s) => s === 402).length + statuses.filter((s) => s === 201).length).toBeGreaterThan(10);

      await Promise.all([a.stop(), b.stop()]);
      const store = await openStore({ databaseUrl: database.url, dataDir: dirs[0] as string });
      try {
        const totals = await expectLedgerInvariants(store);
        expect(totals.earnings).toBeGreaterThan(0);
        expect(totals.fees).toBeGreaterThan(0);
      } finally {
        await store.close();
      }
    } finally {
      await killAllServerProcesses();
      await database.drop();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }
  }, 120_000);
});
