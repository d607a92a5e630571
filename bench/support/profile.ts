import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from './server.ts';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileEntry {
  name: string;
  where: string;
  selfMs: number;
  percent: number;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  /** Wall time not spent idle. */
  busyMs: number;
  functions: ProfileEntry[];
  /** Self time by source file or package (node_modules/<pkg>, node:internal, native). */
  modules: ProfileEntry[];
}

function shortUrl(url: string): string {
  if (!url) return '(native)';
  const path = url.startsWith('file://') ? new URL(url).pathname : url;
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) return path.slice(nm + '/node_modules/'.length);
  return path.startsWith('/') ? relative(REPO_ROOT, path) : path;
}

function moduleOf(url: string): string {
  if (!url) return '(native / VM)';
  const short = shortUrl(url);
  if (short.startsWith('node:')) return 'node: internals';
  if (url.includes('/node_modules/')) {
    const parts = short.split('/');
    return `npm ${parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]}`;
  }
  return short;
}

/** Self time per function and per module of the newest .cpuprofile in `dir`. */
export function summarizeProfile(dir: string, top = 25): ProfileSummary | null {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort();
  const file = files.at(-1);
  if (!file) return null;
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i] as number;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const fn = new Map<string, { name: string; where: string; us: number }>();
  const mod = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of selfUs) {
    const { callFrame: cf } = byId.get(id) as ProfileNode;
    total += us;
    if (cf.functionName === '(idle)') idle += us;
    const name = cf.functionName || '(anonymous)';
    const where = cf.url ? `${shortUrl(cf.url)}:${cf.lineNumber + 1}` : '';
    const key = `${name}@${where}`;
    const entry = fn.get(key) ?? { name, where, us: 0 };
    entry.us += us;
    fn.set(key, entry);
    const m = cf.url ? moduleOf(cf.url) : name.startsWith('(') ? name : '(native / VM)';
    mod.set(m, (mod.get(m) ?? 0) + us);
  }
  const busy = total - idle;
  const toEntry = (name: string, where: string, us: number): ProfileEntry => ({
    name,
    where,
    selfMs: Math.round(us / 100) / 10,
    percent: Math.round((1000 * us) / Math.max(1, busy)) / 10,
  });
  return {
    file: join(dir, file),
    totalMs: Math.round(total / 1000),
    busyMs: Math.round(busy / 1000),
    functions: [...fn.values()].filter((e) => e.name !== '(idle)').sort((a, b) => b.us - a.us).slice(0, top).map((e) => toEntry(e.name, e.where, e.us)),
    modules: [...mod].filter(([m]) => m !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 15).map(([m, us]) => toEntry(m, '', us)),
  };
}
