/**
 * A closed-loop load: `workers` concurrent loops each run one cycle after another. The first `warmupMs` are
 * not counted; then cycles that start and finish inside the next `measureMs` are counted, with the latency
 * of their first step. A loop that finds no more work stops every loop (the window ends there).
 */
export type CycleResult = { kind: 'done'; firstMs: number } | { kind: 'empty' } | { kind: 'error'; detail: string };

export interface LoopResult {
  /** Cycles completed inside the measured window. */
  cycles: number;
  /** Cycles completed in all, warm-up included. */
  totalCycles: number;
  windowMs: number;
  perSec: number;
  /** Latency of the first step (claim, or fetch) of the counted cycles. */
  firstStep: Percentiles;
  errors: number;
  firstErrors: string[];
  /** Seconds into the measured window at which a loop found no work; null when work lasted. */
  ranOutAt: number | null;
}

export interface Percentiles {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function percentiles(xs: number[]): Percentiles {
  const s = Float64Array.from(xs).sort();
  const at = (q: number) => (s.length ? (s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] as number) : Number.NaN);
  const round = (x: number) => Math.round(x * 100) / 100;
  return { n: s.length, p50: round(at(0.5)), p90: round(at(0.9)), p99: round(at(0.99)), max: round(at(1)) };
}

export async function timedLoop(options: {
  workers: number;
  warmupMs: number;
  measureMs: number;
  cycle: (worker: number) => Promise<CycleResult>;
  /** Called once when the measured window opens (e.g. to take a CPU mark). */
  onMeasureStart?: () => void;
  maxErrors?: number;
}): Promise<LoopResult> {
  const t0 = performance.now();
  const measureStart = t0 + options.warmupMs;
  let end = measureStart + options.measureMs;
  let ranOut: number | null = null;
  let measuring = false;
  let cycles = 0;
  let totalCycles = 0;
  let errors = 0;
  const firstErrors: string[] = [];
  const latencies: number[] = [];
  const maxErrors = options.maxErrors ?? 100;

  const opener = setTimeout(() => {
    measuring = true;
    options.onMeasureStart?.();
  }, options.warmupMs);

  const worker = async (w: number) => {
    for (;;) {
      const started = performance.now();
      if (started >= end) return;
      const r = await options.cycle(w);
      const done = performance.now();
      if (r.kind === 'empty') {
        if (ranOut === null) ranOut = done;
        end = Math.min(end, done);
        return;
      }
      if (r.kind === 'error') {
        errors++;
        if (firstErrors.length < 5) firstErrors.push(r.detail);
        if (errors >= maxErrors) end = Math.min(end, done);
        continue;
      }
      totalCycles++;
      if (measuring && started >= measureStart && done <= end) {
        cycles++;
        latencies.push(r.firstMs);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.workers }, (_, w) => worker(w)));
  } finally {
    clearTimeout(opener);
  }
  const windowMs = Math.max(1, end - measureStart);
  return {
    cycles,
    totalCycles,
    windowMs,
    perSec: (cycles / windowMs) * 1000,
    firstStep: percentiles(latencies),
    errors,
    firstErrors,
    ranOutAt: ranOut === null ? null : Math.round((ranOut - measureStart) / 100) / 10,
  };
}
