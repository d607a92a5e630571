// The @example blocks of src/resources/credits.ts, type-checked.
import { minga } from './context.ts';

export async function creditsGet(): Promise<void> {
  const balance = await minga.credits.get();
  console.log(balance.enabled, balance.available, balance.reserved);
}

export async function creditsLedger(): Promise<void> {
  for await (const entry of minga.credits.ledger()) console.log(entry.kind, entry.book, entry.amount);
}

export async function creditsLedgerPage(): Promise<void> {
  const page = await minga.credits.ledgerPage({ limit: 100 });
}

export async function creditsGrant(): Promise<void> {
  const grant = await minga.credits.grant({ amount: 1_000, note: 'pilot' });
  console.log(grant.available);
}
