/**
 * `npm run bench [-- <name>…] [--strict] [--flag[=value]…]`
 *
 * Runs the named benchmarks (all when none is named; a name matches by prefix), prints one line per
 * target with PASS/FAIL, and writes a JSON summary per benchmark to bench/results/<name>-<timestamp>.json.
 * Benchmarks report; they do not gate: the exit code is 0 unless --strict is given and a target failed.
 * Other flags go to the benchmarks (see the header of each bench file).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { BenchModule, BenchReport } from './support/report.ts';
import { verdict } from './support/report.ts';
import { REPO_ROOT } from './support/server.ts';

/** Registered benchmarks, in the order `npm run bench` runs them. */
const BENCHES: Record<string, () => Promise<BenchModule>> = {
  ingest: () => import('./ingest.ts'),
  claim: () => import('./claim.ts'),
  webhooks: () => import('./webhooks.ts'),
  aggregation: () => import('./aggregation.ts'),
};

function parseArgs(argv: string[]): { names: string[]; strict: boolean; flags: Record<string, string | true> } {
  const names: string[] = [];
  const flags: Record<string, string | true> = {};
  let strict = false;
  for (const arg of argv) {
    if (arg === '--strict') strict = true;
    else if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      if (eq < 0) flags[arg.slice(2)] = true;
      else flags[arg.slice(2, eq)] = arg.slice(eq + 1);
    } else names.push(arg.replace(/^bench\//, '').replace(/\.ts$/, ''));
  }
  return { names, strict, flags };
}

async function main(): Promise<number> {
  const { names, strict, flags } = parseArgs(process.argv.slice(2));
  const all = Object.keys(BENCHES);
  const unknown = names.filter((n) => !all.some((b) => b.startsWith(n)));
  if (unknown.length) {
    process.stderr.write(`unknown benchmark ${unknown.join(', ')}; available: ${all.join(', ')}\n`);
    return 2;
  }
  const selected = names.length ? all.filter((b) => names.some((n) => b.startsWith(n))) : all;
  const started = performance.now();
  const log = (line: string) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);

  const reports: BenchReport[] = [];
  for (const name of selected) {
    log(`bench/${name}`);
    const t0 = performance.now();
    const mod = await (BENCHES[name] as () => Promise<BenchModule>)();
    const report = await mod.run({ flags, log });
    const seconds = (performance.now() - t0) / 1000;
    const dir = join(REPO_ROOT, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    const summary = {
      bench: name,
      finishedAt: new Date().toISOString(),
      seconds: Math.round(seconds * 10) / 10,
      strict,
      flags,
      checks: report.checks.map((c) => ({ ...c, verdict: verdict(c.pass) })),
      ...report.data,
    };
    writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
    log(`bench/${name} done in ${seconds.toFixed(1)} s; summary in ${relative(REPO_ROOT, file)}`);
    reports.push(report);
  }

  process.stdout.write('\n');
  for (const r of reports) for (const c of r.checks) process.stdout.write(`${c.line}  ${verdict(c.pass)}\n`);
  const failed = reports.flatMap((r) => r.checks).filter((c) => c.pass === false).length;
  process.stdout.write(`\n${failed ? `${failed} target(s) missed` : 'all measured targets met'} (${((performance.now() - started) / 1000).toFixed(0)} s)${failed && !strict ? '; exit 0 without --strict' : ''}\n`);
  return strict && failed ? 1 : 0;
}

// Ctrl-C: exit through process.exit so that the 'exit' hooks stop server children and PostgreSQL.
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
