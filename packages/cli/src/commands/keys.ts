import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { callServer, serverTarget } from '../server-client.ts';
import { UsageError } from '../usage-error.ts';

export const KEYS_HELP = `Usage: minga keys <create|list|revoke> [options]

  minga keys create [--name NAME] [--mode live|test] [--project ID]   a new API key (shown once)
  minga keys list                                                    the account's keys, by prefix
  minga keys revoke ID                                               the key stops working at once
Options:
  -h, --help   show this help
`;

interface KeyView {
  id: string;
  name: string | null;
  prefix: string;
  mode: string;
  project_id: string | null;
  created_at: string;
  revoked_at: string | null;
}

/** Runs `minga keys …`; returns the process exit code. */
export async function keysCommand(argv: string[], stdout: Writable, _stderr: Writable, env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { name: { type: 'string' }, mode: { type: 'string' }, project: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    stdout.write(KEYS_HELP);
    return 0;
  }
  const [action, ...rest] = positionals;
  if (action === 'create') {
    if (values.mode !== undefined && values.mode !== 'live' && values.mode !== 'test') throw new UsageError(`--mode must be live or test; got ${JSON.stringify(values.mode)}`);
    const r = await callServer<{ api_key: KeyView; secret: string }>(serverTarget(env), 'POST', '/v1/api-keys', {
      ...(values.name ? { name: values.name } : {}),
      ...(values.mode ? { mode: values.mode } : {}),
      ...(values.project ? { project_id: values.project } : {}),
    });
    stdout.write(`${r.secret}\n`);
    return 0;
  }
  if (action === 'list') {
    const target = serverTarget(env);
    let cursor: string | null = null;
    do {
      const page: { data: KeyView[]; next_cursor: string | null } = await callServer(target, 'GET', `/v1/api-keys?limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
      for (const k of page.data) stdout.write(`${k.id}  ${k.prefix}…  ${k.mode}  ${k.project_id ?? 'account-wide'}  ${k.revoked_at ? `revoked ${k.revoked_at}` : 'active'}  ${k.name ?? ''}\n`);
      cursor = page.next_cursor;
    } while (cursor);
    return 0;
  }
  if (action === 'revoke') {
    const [id, ...extra] = rest;
    if (!id || extra.length > 0) throw new UsageError('name the id of one key to revoke (minga keys list shows them)');
    const k = await callServer<KeyView>(serverTarget(env), 'DELETE', `/v1/api-keys/${encodeURIComponent(id)}`);
    stdout.write(`revoked ${k.id} (${k.prefix}…)\n`);
    return 0;
  }
  throw new UsageError(action === undefined ? 'name an action: create, list or revoke' : `unknown action ${JSON.stringify(action)}: create, list or revoke`);
}
