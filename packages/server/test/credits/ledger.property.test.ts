import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { newHelper } from '../support/helpers.ts';
import { describeEachStore } from '../support/stores.ts';
import { openTestApp, type TestApp } from '../support/test-app.ts';
import { expectLedgerInvariants } from './ledger-invariants.ts';
import { HELPERS, ledgerOp, runLedgerOp, type Caller } from './ledger-ops.ts';

describeEachStore('credits ledger under random work', (ctx) => {
  let t: TestApp;
  let tenant: { apiKey: string; accountId: string };
  let projectId: string;
  let helpers: string[];

  beforeAll(async () => {
    t = await openTestApp(ctx.store, { credits: true });
    tenant = await t.newAccount();
    projectId = (await t.newProject(tenant.apiKey, { quality: { control_rate: 0 } })).id;
    helpers = [];
    for (let i = 0; i < HELPERS; i++) helpers.push((await newHelper(t, [projectId], { token: tenant.apiKey })).token);
  });

  it('after any sequence of grants, creates, answers, skips, audits, cancels and redos the ledger balances', async () => {
    const caller: Caller = {
      call: async (method, path, body, token) => {
        const r = await t.call(method, path, { token: token ?? tenant.apiKey, ...(body === undefined ? {} : { body }) });
        return { status: r.status, json: r.json };
      },
    };
    const grant = async (amount: number) => (await t.call('POST', '/v1/credits/grants', { body: { account_id: tenant.accountId, amount } })).status;
    await fc.assert(
      fc.asyncProperty(fc.array(ledgerOp, { minLength: 5, maxLength: 40 }), async (ops) => {
        const run = { projectId, tasks: [] as string[], helpers, grant };
        for (const op of ops) {
          const status = await runLedgerOp(op, caller, run);
          expect(status, JSON.stringify(op)).toBeLessThan(500);
        }
        const totals = await expectLedgerInvariants(ctx.store);
        const shown = (await t.call('GET', '/v1/credits', { token: tenant.apiKey })).json;
        expect(shown.available).toBeGreaterThanOrEqual(0);
        expect(Math.round(shown.available * 1e6) + Math.round(shown.reserved * 1e6)).toBeLessThanOrEqual(-totals.issued);
      }),
      { numRuns: 12 },
    );
    // The workload reached every kind of movement, so the invariants above were tested on all of them.
    const kinds = await ctx.store.db.selectFrom('ledger_entries').select('kind').distinct().execute();
    expect(kinds.map((k) => k.kind).sort()).toEqual(['fee', 'grant', 'payment', 'refund', 'reservation']);
  });
});
