/** What every bench module exports. */
export interface BenchModule {
  run(options: BenchOptions): Promise<BenchReport>;
}

export interface BenchOptions {
  /** `--key=value` and `--flag` arguments after the bench names, e.g. { profile: true, tasks: '20000' }. */
  flags: Record<string, string | true>;
  log(line: string): void;
}

export interface Check {
  /** The line as printed, without the verdict. */
  line: string;
  /** null: not measured (skipped). */
  pass: boolean | null;
  value?: number;
  target?: string;
}

export interface BenchReport {
  name: string;
  checks: Check[];
  /** Everything measured, for the JSON summary. */
  data: Record<string, unknown>;
}

/** 26400.3 -> "26,400". */
export const int = (n: number): string => Math.round(n).toLocaleString('en-US');
export const ms = (n: number): string => `${n.toFixed(n < 100 ? 1 : 0)} ms`;

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function verdict(pass: boolean | null): string {
  return pass === null ? 'SKIPPED' : pass ? 'PASS' : 'FAIL';
}

export function intFlag(flags: BenchOptions['flags'], name: string, fallback: number): number {
  const v = flags[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer`);
  return n;
}
