import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

/**
 * Where the machine's CPU went during a timed phase: the server child, this load generator, and everything
 * else (other processes on the machine, and PostgreSQL's backends when the store is PostgreSQL). On a 2-core
 * machine, "other" well above zero during a SQLite run means the numbers were taken on a busy machine.
 */
export interface CpuShare {
  /** Cores' worth of CPU time, averaged over the phase. */
  serverCores: number;
  benchCores: number;
  /** Our cluster's postmaster and its children (backends, WAL writer, checkpointer…). */
  postgresCores: number;
  otherCores: number;
  machineCores: number;
  loadavg1m: number;
}

export interface Watched {
  /** The server child, or the children, whose CPU counts as the server's. */
  server?: number | readonly number[] | null;
  postmaster?: number | null;
}

interface Mark {
  at: number;
  machineBusy: number;
  serverMs: number;
  postgresMs: number;
  bench: NodeJS.CpuUsage;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux.

function machineBusyMs(): number {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal ...: busy is everything but idle and iowait.
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    return (total - (fields[3] ?? 0) - (fields[4] ?? 0)) * TICK_MS;
  } catch {
    return Number.NaN;
  }
}

export function processCpuMs(pid: number): number {
  try {
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) * TICK_MS;
  } catch {
    return Number.NaN;
  }
}

/** CPU time of a process and its direct children (a postmaster's backends). */
function treeCpuMs(pid: number): number {
  let ms = processCpuMs(pid);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(rest[1]) === pid) ms += (Number(rest[11]) + Number(rest[12])) * TICK_MS;
    } catch {
      // The process ended meanwhile.
    }
  }
  return ms;
}

export function cpuMark(w: Watched): Mark {
  return {
    at: performance.now(),
    machineBusy: machineBusyMs(),
    serverMs: (typeof w.server === 'number' ? [w.server] : (w.server ?? [])).reduce((sum, pid) => sum + processCpuMs(pid), 0),
    postgresMs: w.postmaster ? treeCpuMs(w.postmaster) : 0,
    bench: process.cpuUsage(),
  };
}

export function cpuShare(start: Mark, w: Watched): CpuShare {
  const end = cpuMark(w);
  const wall = Math.max(1, end.at - start.at);
  const bench = process.cpuUsage(start.bench);
  const round = (x: number) => Math.round(x * 100) / 100;
  const serverCores = (end.serverMs - start.serverMs) / wall;
  const benchCores = (bench.user + bench.system) / 1000 / wall;
  const postgresCores = (end.postgresMs - start.postgresMs) / wall;
  const machineCores = (end.machineBusy - start.machineBusy) / wall;
  return {
    serverCores: round(serverCores),
    benchCores: round(benchCores),
    postgresCores: round(postgresCores),
    otherCores: round(Math.max(0, machineCores - serverCores - benchCores - postgresCores)),
    machineCores: round(machineCores),
    loadavg1m: round(loadavg()[0] ?? 0),
  };
}

export const describeShare = (c: CpuShare): string =>
  `CPU cores used: server ${c.serverCores.toFixed(2)}, bench ${c.benchCores.toFixed(2)}` +
  `${c.postgresCores ? `, postgres ${c.postgresCores.toFixed(2)}` : ''}, other processes ${c.otherCores.toFixed(2)} (of ${cpus().length})`;

/** Foreign load above this many cores during a phase makes its number suspect. */
export const BUSY_OTHER_CORES = 0.25;
