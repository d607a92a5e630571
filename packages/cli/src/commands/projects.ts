import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { callServer, serverTarget } from '../server-client.ts';
import { UsageError } from '../usage-error.ts';

export const PROJECTS_HELP = `Usage: minga projects <list|create> [options]

  minga projects list                                   the account's projects
  minga projects create --name NAME [--type T] [--overlap N]
                                                        a project (its id on stdout); --type and --overlap
                                                        become defaults of its tasks
Options:
  -h, --help   show this help
`;

/** Runs `minga projects …`; returns the process exit code. */
export async function projectsCommand(argv: string[], stdout: Writable, _stderr: Writable, env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { name: { type: 'string' }, type: { type: 'string' }, overlap: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    stdout.write(PROJECTS_HELP);
    return 0;
  }
  const [action] = positionals;
  if (action === 'list') {
    const target = serverTarget(env);
    let cursor: string | null = null;
    do {
      const page: { data: { id: string; name: string; status: string }[]; next_cursor: string | null } = await callServer(target, 'GET', `/v1/projects?limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
      for (const p of page.data) stdout.write(`${p.id}  ${p.status.padEnd(6)}  ${p.name}\n`);
      cursor = page.next_cursor;
    } while (cursor);
    return 0;
  }
  if (action === 'create') {
    if (!values.name) throw new UsageError('--name is required');
    const overlap = values.overlap === undefined ? undefined : Number(values.overlap);
    if (overlap !== undefined && (!Number.isInteger(overlap) || overlap < 1)) throw new UsageError(`--overlap must be a whole number ≥ 1; got ${JSON.stringify(values.overlap)}`);
    const defaults = { ...(values.type ? { type: values.type } : {}), ...(overlap ? { overlap } : {}) };
    const r = await callServer<{ project: { id: string } }>(serverTarget(env), 'POST', '/v1/projects', { name: values.name, ...(Object.keys(defaults).length ? { defaults } : {}) });
    stdout.write(`${r.project.id}\n`);
    return 0;
  }
  throw new UsageError(action === undefined ? 'name an action: list or create' : `unknown action ${JSON.stringify(action)}: list or create`);
}
