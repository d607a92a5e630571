import { z } from 'zod';

export const CreditBalance = z
  .object({
    enabled: z.boolean().describe('Whether this server charges for human work (MINGA_CREDITS=on).'),
    available: z.number().describe('Credits that new tasks may reserve.'),
    reserved: z.number().describe('Credits set aside for tasks still collecting answers or awaiting review.'),
  })
  .meta({ id: 'CreditBalance' });

export const LedgerEntry = z
  .object({
    id: z.string(),
    movement_id: z.string().describe('The legs of one movement share it, and sum to zero.'),
    book: z.enum(['issued', 'available', 'reserved', 'earnings', 'fees']),
    owner_id: z.string().describe('The account (available, reserved, fees), the helper (earnings), or * (issued).'),
    amount: z.number().describe('Credits, signed.'),
    kind: z.enum(['grant', 'reservation', 'payment', 'fee', 'refund']),
    task_id: z.string().nullable(),
    helper_id: z.string().nullable(),
    note: z.string().nullable(),
    created_at: z.string(),
  })
  .meta({ id: 'LedgerEntry' });

export const CreditGrant = z
  .object({
    account_id: z.string().min(1).max(64).optional().describe('The account that receives the credits; the caller’s own when absent.'),
    amount: z.number().positive().max(1_000_000_000).describe('Credits to grant.'),
    note: z.string().max(500).optional(),
  })
  .strict()
  .meta({ id: 'CreditGrant' });
export type CreditGrant = z.output<typeof CreditGrant>;
