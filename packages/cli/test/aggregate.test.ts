import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from './support/run-cli-captured.ts';

const dir = mkdtempSync(join(tmpdir(), 'minga-cli-aggregate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Three careful workers and one who always says "b, or not b": the careful majority wins every task, and a
// label with a comma and quotes survives the round trip through CSV.
const ODD = 'b, "or" not b';
const rows = ['task,worker,label'];
for (const [task, truth] of [['t1', 'a'], ['t2', ODD], ['t3', 'a'], ['t4', ODD]] as const) {
  for (const worker of ['w1', 'w2', 'w3']) rows.push(`${task},${worker},"${truth.replaceAll('"', '""')}"`);
  rows.push(`${task},w4,"${ODD.replaceAll('"', '""')}"`);
}
const input = join(dir, 'answers.csv');
writeFileSync(input, `${rows.join('\n')}\n`);

describe('minga aggregate', () => {
  it.each(['majority_vote', 'wawa', 'dawid_skene', 'one_coin_dawid_skene', 'glad', 'mace'])('%s writes task,label,confidence with every task’s majority', async (method) => {
    const { code, out, err } = await cli('aggregate', '--method', method, '--input', input, '--seed', '3');
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('task,label,confidence');
    expect(lines.slice(1).map((l) => l.slice(0, l.lastIndexOf(',')))).toEqual(['t1,a', 't2,"b, ""or"" not b"', 't3,a', 't4,"b, ""or"" not b"']);
    for (const l of lines.slice(1)) {
      const confidence = Number(l.slice(l.lastIndexOf(',') + 1));
      expect(confidence).toBeGreaterThan(0.5);
      expect(confidence).toBeLessThanOrEqual(1);
    }
    expect(err).toContain(`${method}: 16 answers, 4 tasks, 4 workers`);
  });

  it('writes to --output instead of stdout', async () => {
    const output = join(dir, 'result.csv');
    const { code, out } = await cli('aggregate', '--input', input, '--output', output);
    expect(code).toBe(0);
    expect(out).toBe('');
    expect(readFileSync(output, 'utf8').split('\n')[1]).toMatch(/^t1,a,/);
  });

  it('explains a usage mistake and exits 2; a missing file exits 1', async () => {
    for (const [args, message] of [
      [['--method', 'median', '--input', input], '--method must be one of'],
      [['--method', 'weighted', '--input', input], '--method must be one of'],
      [['--method', 'glad'], '--input is required'],
      [['--input', input, '--max-iterations', '0'], '--max-iterations must be a whole number ≥ 1'],
      [['--input', input, '--tolerance', 'x'], '--tolerance must be a number between 0 and 1'],
      [['--input', input, '--colour'], "Unknown option '--colour'"],
    ] as const) {
      const { code, err } = await cli('aggregate', ...args);
      expect(code, args.join(' ')).toBe(2);
      expect(err).toContain(message);
      expect(err).toContain('Usage: minga aggregate');
    }
    const missing = await cli('aggregate', '--input', join(dir, 'nope.csv'));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('nope.csv');
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('aggregate', '--help')).out).toContain('--method <name>');
  });

  it('runs as the `minga` bin of the workspace', async () => {
    const bin = resolve(import.meta.dirname, '../../../node_modules/.bin/minga');
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'aggregate', '--method', 'majority_vote', '--input', input]);
    expect(stdout.split('\n')[1]).toBe('t1,a,0.75');
  });
});

/** The CLI with this process's environment. */
function cli(...argv: string[]) {
  return runCliCaptured(process.env, ...argv);
}
