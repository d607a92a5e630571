/**
 * bench/aggregation: the aggregation methods on public crowdsourcing datasets, against Crowd-Kit 1.4.1.
 *
 * For every folder of the datasets directory with answers.csv and gold.csv: each method's accuracy on the
 * gold tasks and its seconds for one fit (CSV loading excluded; when a fit takes under 0.5 s, the median of
 * --runs more fits after that first, cold one), beside the reference accuracy and seconds parsed from the
 * datasets README.
 * Targets (issue 8): MV and Wawa equal to the reference to 3 decimals; Dawid-Skene within ±0.005; GLAD and
 * MACE within ±0.02; OneCoinDS printed without an accuracy target; every method ≥10× faster than the
 * reference seconds; the default method (Dawid-Skene) matches or beats the reference Dawid-Skene on every
 * dataset; Dawid-Skene on 1,000,000 synthetic answers (50,000 tasks × 20 answers, 2,000 workers with random
 * confusion matrices whose accuracies lie in [0.2, 0.7], 4 labels, seed 1) in under 10 s, with its defaults
 * and forced to all 100 iterations, printing its accuracy against the generated truth.
 *
 * Flags: --datasets=DIR (default ../shared/datasets from the repository root) --runs=N (default 7)
 *        --synthetic-tasks=N --synthetic-answers=N (per task) --synthetic-workers=N --no-synthetic
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { aggregate, accuracy, DEFAULT_METHOD, type MethodName } from '@minga/aggregation';
import { datasetNames, loadDataset } from './aggregation/datasets.ts';
import { parseReferenceTables } from './aggregation/reference.ts';
import { syntheticRun } from './aggregation/synthetic.ts';
import { timed } from './aggregation/timing.ts';
import { int, intFlag, type BenchOptions, type BenchReport, type Check } from './support/report.ts';
import { REPO_ROOT } from './support/server.ts';

/** README column → method, and the accuracy target: the largest allowed |ours − reference| (null: none). */
const COLUMNS: { column: string; method: MethodName; tolerance: number | null }[] = [
  { column: 'MV', method: 'majority-vote', tolerance: 0 },
  { column: 'Wawa', method: 'wawa', tolerance: 0 },
  { column: 'DS', method: 'dawid-skene', tolerance: 0.005 },
  { column: 'OneCoinDS', method: 'one-coin-dawid-skene', tolerance: null },
  { column: 'GLAD', method: 'glad', tolerance: 0.02 },
  { column: 'MACE', method: 'mace', tolerance: 0.02 },
];
const SPEEDUP_TARGET = 10;
const SYNTHETIC_SECONDS_TARGET = 10;
/** The README gives accuracies to 3 decimals; ours are compared rounded the same way. */
const round3 = (x: number) => Math.round(x * 1000) / 1000;

export async function run({ flags, log }: BenchOptions): Promise<BenchReport> {
  const dir = typeof flags.datasets === 'string' ? resolve(flags.datasets) : resolve(REPO_ROOT, '..', 'shared', 'datasets');
  const runs = intFlag(flags, 'runs', 7);
  const checks: Check[] = [];
  const data: Record<string, unknown> = { datasetsDir: dir, runs, cpus: cpus().length, loadAverage: loadavg()[0] };
  const load = loadavg()[0] ?? 0;
  if (load > 0.5) log(`warning: load average ${load.toFixed(2)} on ${cpus().length} cores before starting: timings may suffer`);

  const reference = parseReferenceTables(readFileSync(join(dir, 'README.md'), 'utf8'));
  const names = datasetNames(dir);
  if (!names.length) log(`no dataset folders under ${dir}`);
  const results: Record<string, unknown>[] = [];
  const defaultGaps: string[] = [];
  let defaultBeats = names.length > 0;

  for (const name of names) {
    const ds = await loadDataset(dir, name);
    log(`${name}: ${int(ds.answers.task.length)} answers, ${int(ds.answers.taskNames.length)} tasks, ${ds.answers.workerNames.length} workers, ${ds.answers.labelNames.length} labels, ${int(ds.gold.size)} gold; CSV read in ${ds.loadSeconds.toFixed(2)} s`);
    for (const { column, method, tolerance } of COLUMNS) {
      const { seconds, result, runs: ran } = timed(() => aggregate(ds.answers, method), runs);
      const acc = accuracy(result, ds.gold).accuracy;
      const refAcc = reference.accuracy.get(name)?.get(column);
      const refSec = reference.seconds.get(name)?.get(column);
      const gap = refAcc === undefined ? null : round3(acc) - refAcc;
      const accOk = tolerance === null || gap === null ? null : Math.abs(gap) <= tolerance + 1e-9;
      const speedup = refSec === undefined ? null : refSec / seconds;
      const speedOk = speedup === null ? null : speedup >= SPEEDUP_TARGET;
      const target = tolerance === null ? 'no target' : tolerance === 0 ? 'target equal' : `target ±${tolerance}`;
      const misses = [accOk === false ? `accuracy off by ${gap?.toFixed(3)}` : '', speedOk === false ? 'too slow' : ''].filter(Boolean);
      checks.push({
        line:
          `aggregation ${name.padEnd(10)} ${column.padEnd(9)} accuracy ${acc.toFixed(4)} | ref ${refAcc?.toFixed(3) ?? '  n/a'} (${target}) | ` +
          `${formatSeconds(seconds)} | ref ${refSec === undefined ? 'n/a' : `${refSec} s`} | ${speedup === null ? 'n/a' : `${int(speedup)}×`} (target ≥${SPEEDUP_TARGET}×)` +
          `${misses.length ? `  [${misses.join('; ')}]` : ''}`,
        pass: accOk === null && speedOk === null ? null : accOk !== false && speedOk !== false,
        value: acc,
        target: tolerance === null ? undefined : `|Δ|<=${tolerance}`,
      });
      results.push({ dataset: name, method, column, accuracy: acc, seconds, runs: ran, iterations: result.iterations, converged: result.converged, referenceAccuracy: refAcc, referenceSeconds: refSec, speedup, accuracyPass: accOk, speedPass: speedOk });
      if (method === DEFAULT_METHOD && gap !== null) {
        defaultGaps.push(`${name} ${gap >= 0 ? '+' : ''}${gap.toFixed(3)}`);
        if (gap < 0) defaultBeats = false;
      }
    }
  }
  data.datasets = results;
  if (names.length) {
    checks.push({ line: `aggregation default method (${DEFAULT_METHOD}) vs reference DS: ${defaultGaps.join(', ')} (target ≥0 on every dataset)`, pass: defaultBeats });
  }

  if (flags['no-synthetic']) {
    checks.push({ line: 'aggregation synthetic DS  skipped (--no-synthetic)', pass: null });
  } else {
    const settings = {
      tasks: intFlag(flags, 'synthetic-tasks', 50_000),
      answersPerTask: intFlag(flags, 'synthetic-answers', 20),
      workers: intFlag(flags, 'synthetic-workers', 2_000),
      labels: 4,
      seed: 1,
      accuracy: [0.2, 0.7] as const,
    };
    log(`synthetic: ${int(settings.tasks * settings.answersPerTask)} answers (${int(settings.tasks)} tasks × ${settings.answersPerTask}, ${int(settings.workers)} workers, ${settings.labels} labels, seed ${settings.seed})`);
    const s = syntheticRun(settings);
    data.synthetic = s;
    log(`  generated in ${s.generateSeconds.toFixed(2)} s; majority vote accuracy ${s.mvAccuracy.toFixed(4)}`);
    for (const [label, r] of [['defaults', s.ds], ['all 100 iterations', s.dsFull]] as const) {
      checks.push({
        line: `aggregation synthetic DS  ${int(s.answers)} answers, ${label}: ${formatSeconds(r.seconds)}, ${r.iterations} iterations, accuracy ${r.accuracy.toFixed(4)} vs truth (MV ${s.mvAccuracy.toFixed(4)}) (target <${SYNTHETIC_SECONDS_TARGET} s)`,
        pass: r.seconds < SYNTHETIC_SECONDS_TARGET,
        value: r.seconds,
        target: `<${SYNTHETIC_SECONDS_TARGET}`,
      });
    }
  }
  return { name: 'aggregation', checks, data };
}

function formatSeconds(s: number): string {
  return s < 0.01 ? `${(s * 1000).toFixed(2)} ms` : `${s.toFixed(s < 1 ? 3 : 2)} s`;
}
