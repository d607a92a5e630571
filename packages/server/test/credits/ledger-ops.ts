import fc from 'fast-check';

/** One step of a random credits workload; `pick` chooses among the tasks created so far. */
export type LedgerOp =
  | { kind: 'grant'; amount: number }
  | { kind: 'create'; reward: number; overlap: number; strategy: string; count: number; skip: boolean }
  | { kind: 'work'; helper: number; answer: number }
  | { kind: 'abandon'; helper: number }
  | { kind: 'audit'; pick: number; result: 'accepted' | 'rejected' | 'fixed' }
  | { kind: 'cancel'; pick: number }
  | { kind: 'redo'; pick: number };

export const HELPERS = 3;
export const ANSWERS = ['positive', 'negative'];

export const ledgerOp: fc.Arbitrary<LedgerOp> = fc.oneof(
  fc.record({ kind: fc.constant('grant' as const), amount: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    kind: fc.constant('create' as const),
    reward: fc.integer({ min: 0, max: 12 }).map((q) => q / 4),
    overlap: fc.integer({ min: 1, max: 3 }),
    strategy: fc.constantFrom('majority_vote', 'any_first', 'requester_review', 'unanimous', 'quorum'),
    count: fc.integer({ min: 1, max: 3 }),
    skip: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('work' as const), helper: fc.nat(HELPERS - 1), answer: fc.nat(1) }),
  fc.record({ kind: fc.constant('work' as const), helper: fc.nat(HELPERS - 1), answer: fc.nat(1) }),
  fc.record({ kind: fc.constant('abandon' as const), helper: fc.nat(HELPERS - 1) }),
  fc.record({ kind: fc.constant('audit' as const), pick: fc.nat(), result: fc.constantFrom('accepted' as const, 'rejected' as const, 'fixed' as const) }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('redo' as const), pick: fc.nat() }),
);

export interface Caller {
  /** Sends a request as the requester (`token` null) or a helper (its session token). */
  call(method: string, path: string, body?: unknown, token?: string | null): Promise<{ status: number; json: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * Runs one step through the API and returns the status it got. Any 2xx or 4xx is a fair answer to a random
 * step (a redo of a pending task is a 409, a create beyond the credits a 402); a 5xx never is.
 */
export async function runLedgerOp(op: LedgerOp, c: Caller, ctx: { projectId: string; tasks: string[]; helpers: string[]; grant: (amount: number) => Promise<number> }): Promise<number> {
  const pick = (n: number) => ctx.tasks[n % Math.max(1, ctx.tasks.length)];
  switch (op.kind) {
    case 'grant':
      return ctx.grant(op.amount);
    case 'create': {
      const items = Array.from({ length: op.count }, () => ({
        project_id: ctx.projectId,
        type: 'label_text',
        input: { text: 'random work', categories: ANSWERS },
        reward: op.reward,
        overlap: op.overlap,
        consensus_strategy: op.strategy,
        ...(op.strategy === 'quorum' ? { quorum: Math.min(2, op.overlap), max_overlap: 3 } : {}),
      }));
      const r = await c.call('POST', `/v1/tasks${op.skip ? '?skip_invalid_items=true' : ''}`, op.count === 1 ? items[0] : items);
      if (r.status === 201) {
        if (op.count === 1) ctx.tasks.push(r.json.id);
        else for (const t of Object.values(r.json.items as Record<string, { id: string }>)) ctx.tasks.push(t.id);
      }
      return r.status;
    }
    case 'work':
    case 'abandon': {
      const token = ctx.helpers[op.helper] as string;
      const claimed = await c.call('POST', '/v1/work/claim', { project_id: ctx.projectId }, token);
      if (claimed.status !== 200) return claimed.status;
      const path = `/v1/work/assignments/${claimed.json.id}/${op.kind === 'work' ? 'submit' : 'release'}`;
      return (await c.call('POST', path, op.kind === 'work' ? { answer: ANSWERS[op.answer], seconds_spent: 3 } : undefined, token)).status;
    }
    case 'audit': {
      const id = pick(op.pick);
      if (!id) return 0;
      return (await c.call('POST', `/v1/tasks/${id}/audits`, op.result === 'fixed' ? { result: 'fixed', response: 'positive' } : { result: op.result })).status;
    }
    case 'cancel':
    case 'redo': {
      const id = pick(op.pick);
      if (!id) return 0;
      return (await c.call('POST', `/v1/tasks/${id}/${op.kind}`)).status;
    }
  }
}
