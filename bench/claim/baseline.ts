import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { cpuMark, cpuShare, type CpuShare } from '../support/cpu.ts';
import { KeepAliveClient } from './client.ts';
import { timedLoop, type LoopResult } from './loop.ts';

export interface BaselineResult extends LoopResult {
  threads: number;
  cpu: CpuShare;
}

/**
 * The same load as a claim run (`workers` clients, each a POST to /v1/work/claim then a POST to the submit
 * path, one keep-alive socket each) against trivial-server.ts with as many threads as Minga's default: the
 * request pairs per second this machine and this load generator manage with no work behind them, measured
 * in the same run as Minga, whose absolute speed drifts with the machine.
 */
export async function runTrivialBaseline(settings: { workers: number; warmupMs: number; measureMs: number }): Promise<BaselineResult> {
  const threads = Math.min(availableParallelism(), 8);
  const child = spawn(process.execPath, [new URL('./trivial-server.ts', import.meta.url).pathname, String(threads)], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        const m = /^Listening on (\S+)$/m.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`the trivial server exited (code ${code}) before listening`)));
    });
    const client = new KeepAliveClient(url, settings.workers + 4);
    try {
      const watched = { server: child.pid as number };
      let mark = cpuMark(watched);
      const claimBody = JSON.stringify({ project_id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' });
      const loop = await timedLoop({
        workers: settings.workers,
        warmupMs: settings.warmupMs,
        measureMs: settings.measureMs,
        onMeasureStart: () => (mark = cpuMark(watched)),
        cycle: async () => {
          const t = performance.now();
          const claimed = await client.send('POST', '/v1/work/claim', 'ms_baseline_token_of_forty_characters_', claimBody);
          const firstMs = performance.now() - t;
          const { id } = JSON.parse(claimed.text) as { id: string };
          const submitted = await client.send('POST', `/v1/work/assignments/${id}/submit`, 'ms_baseline_token_of_forty_characters_', '{"answer":"positive","seconds_spent":5}');
          if (claimed.status !== 200 || submitted.status !== 200) return { kind: 'error', detail: `status ${claimed.status}/${submitted.status}` };
          return { kind: 'done', firstMs };
        },
      });
      return { ...loop, threads, cpu: cpuShare(mark, watched) };
    } finally {
      client.close();
    }
  } finally {
    child.kill('SIGKILL');
  }
}
