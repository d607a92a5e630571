import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { aggregate, isMethodName, readAnswersCsv, type MethodName } from '@minga/aggregation';
import { csvField } from '../csv-field.ts';
import { UsageError } from '../usage-error.ts';

/** The methods by the names SPEC §5 gives them; `weighted` needs skills, which a CSV of answers lacks. */
const METHODS = ['majority_vote', 'wawa', 'dawid_skene', 'one_coin_dawid_skene', 'glad', 'mace'] as const;

export const AGGREGATE_HELP = `Usage: minga aggregate --method <method> --input answers.csv [options]

Aggregates crowdsourced labels without a server. Reads a CSV of answers with the header task,worker,label
(one row per answer; a repeated (task, worker) row is another vote) and writes task,label,confidence.

Options:
  --method <name>        ${METHODS.join(' | ')} (default dawid_skene)
  --input <file>         the answers CSV (required)
  --output <file>        write the result there instead of to stdout
  --max-iterations <n>   iteration limit of the iterative methods
  --tolerance <x>        convergence tolerance of the iterative methods
  --seed <n>             seed of MACE's random restarts (results are deterministic for a seed)
  -h, --help             show this help
`;

/** Runs `minga aggregate`; returns the process exit code. */
export async function aggregateCommand(argv: string[], stdout: Writable, stderr: Writable): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      method: { type: 'string', default: 'dawid_skene' },
      input: { type: 'string' },
      output: { type: 'string' },
      'max-iterations': { type: 'string' },
      tolerance: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    stdout.write(AGGREGATE_HELP);
    return 0;
  }
  const method = values.method.replaceAll('_', '-');
  if (!(METHODS as readonly string[]).includes(values.method) || !isMethodName(method)) throw new UsageError(`--method must be one of ${METHODS.join(', ')}; got ${JSON.stringify(values.method)}`);
  if (!values.input) throw new UsageError('--input is required: a CSV file with the header task,worker,label');
  const options = {
    ...numberOption('max-iterations', values['max-iterations'], (n) => Number.isInteger(n) && n >= 1, 'a whole number ≥ 1', 'maxIterations'),
    ...numberOption('tolerance', values.tolerance, (n) => n > 0 && n < 1, 'a number between 0 and 1', 'tolerance'),
    ...numberOption('seed', values.seed, (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0', 'seed'),
  };

  const started = performance.now();
  const answers = await readAnswersCsv(values.input);
  const result = aggregate(answers, method as MethodName, options as never);
  const out = values.output ? createWriteStream(values.output) : stdout;
  await writeRows(out, result.taskNames.length, (t) => `${csvField(result.taskNames[t] as string)},${csvField(result.labelNames[result.taskLabel[t] as number] as string)},${roundConfidence(result.confidence[t] as number)}\n`);
  if (values.output) {
    out.end();
    await once(out, 'finish');
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  stderr.write(`${values.method}: ${answers.task.length} answers, ${result.taskNames.length} tasks, ${result.workerNames.length} workers, ${result.iterations} iterations${result.converged ? '' : ' (not converged)'}, ${seconds} s\n`);
  return 0;
}

function numberOption(flag: string, raw: string | undefined, valid: (n: number) => boolean, what: string, key: string): Record<string, number> {
  if (raw === undefined) return {};
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || !valid(n)) throw new UsageError(`--${flag} must be ${what}; got ${JSON.stringify(raw)}`);
  return { [key]: n };
}

/** Six significant digits: enough to rank, short enough to read. */
const roundConfidence = (x: number) => String(Number(x.toPrecision(6)));

/** Writes the header and one line per task, in chunks, waiting whenever the stream asks to. */
async function writeRows(out: Writable, count: number, line: (t: number) => string): Promise<void> {
  let chunk = 'task,label,confidence\n';
  for (let t = 0; t < count; t++) {
    chunk += line(t);
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  if (chunk && !out.write(chunk)) await once(out, 'drain');
}
