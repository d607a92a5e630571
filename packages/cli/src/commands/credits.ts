import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { callServer, serverTarget } from '../server-client.ts';
import { UsageError } from '../usage-error.ts';

export const CREDITS_HELP = `Usage: minga credits <balance|grant> [options]

Talks to the server at MINGA_URL (default http://127.0.0.1:8080) with MINGA_API_KEY.

  minga credits balance                          the account's available and reserved credits
  minga credits grant --amount N [--account ID] [--note TEXT]
                                                 grant credits (instance admin only; to the key's own
                                                 account unless --account names another)
Options:
  -h, --help   show this help
`;

/** Runs `minga credits`; returns the process exit code. */
export async function creditsCommand(argv: string[], stdout: Writable, _stderr: Writable, env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { amount: { type: 'string' }, account: { type: 'string' }, note: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    stdout.write(CREDITS_HELP);
    return 0;
  }
  const [action, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected ${JSON.stringify(extra.join(' '))}`);
  if (action === 'balance') {
    const b = await callServer<{ enabled: boolean; available: number; reserved: number }>(serverTarget(env), 'GET', '/v1/credits');
    stdout.write(`available ${b.available}\nreserved  ${b.reserved}\n${b.enabled ? '' : 'credits are off on this server (MINGA_CREDITS=off): nothing is charged\n'}`);
    return 0;
  }
  if (action === 'grant') {
    const amount = Number(values.amount);
    if (values.amount === undefined || !Number.isFinite(amount) || amount <= 0) throw new UsageError(`--amount must be a positive number of credits; got ${JSON.stringify(values.amount ?? null)}`);
    const r = await callServer<{ account_id: string; granted: number; available: number; reserved: number }>(serverTarget(env), 'POST', '/v1/credits/grants', {
      amount,
      ...(values.account ? { account_id: values.account } : {}),
      ...(values.note ? { note: values.note } : {}),
    });
    stdout.write(`granted ${r.granted} credits to account ${r.account_id}: available ${r.available}, reserved ${r.reserved}\n`);
    return 0;
  }
  throw new UsageError(action === undefined ? 'name an action: balance or grant' : `unknown action ${JSON.stringify(action)}: balance or grant`);
}
