/**
 * bench/webhooks: delivery from commit to a loopback receiver, with a real server child process on SQLite.
 *
 * 1. sustained: `--rate` task.created events per second (default 500, batches every 100 ms) for `--seconds`
 *    to one endpoint; latency from the event's created_at (stamped inside the committing transaction) to
 *    the receiver's first receipt: p50 and p99 (target p99 ≤ 1 s).
 * 2. peak: `--burst` tasks (default 10,000) created at once for two endpoints; deliveries per second from
 *    the first to the last receipt (target ≥ 2,000/s).
 * 3. one endpoint hangs (never answers; the 10 s timeout applies) beside three healthy ones at 200 events/s:
 *    p99 latency of the healthy ones (target ≤ 2 s).
 *
 * Flags: --rate=N --seconds=N --burst=N
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { int, intFlag, ms, type BenchOptions, type BenchReport, type Check } from './support/report.ts';
import { Api, startServerChild } from './support/server.ts';
import { percentile, startBenchReceiver, type BenchReceiver } from './webhooks/receiver.ts';

const P99_TARGET_MS = 1_000;
const PEAK_TARGET = 2_000;
const HANG_P99_TARGET_MS = 2_000;

const sleep = (msecs: number) => new Promise((r) => setTimeout(r, msecs));

async function waitFor(what: string, timeoutMs: number, check: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Posts `rate` tasks a second in batches every 100 ms for `seconds`. */
async function sustain(api: Api, projectId: string, rate: number, seconds: number): Promise<number> {
  const perTick = Math.max(1, Math.round(rate / 10));
  const started = Date.now();
  let sent = 0;
  for (let tick = 0; tick < seconds * 10; tick++) {
    const body = Array.from({ length: perTick }, (_, i) => ({ project_id: projectId, content: `Bench ${tick}-${i}?` }));
    await api.post('/v1/tasks', body);
    sent += perTick;
    const due = started + (tick + 1) * 100;
    if (due > Date.now()) await sleep(due - Date.now());
  }
  return sent;
}

async function endpoint(api: Api, url: string): Promise<string> {
  return (await api.post<{ endpoint: { id: string } }>('/v1/webhook-endpoints', { url, events: ['task.created'] })).endpoint.id;
}

export async function run({ flags, log }: BenchOptions): Promise<BenchReport> {
  const rate = intFlag(flags, 'rate', 500);
  const seconds = intFlag(flags, 'seconds', 10);
  const burst = intFlag(flags, 'burst', 10_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'minga-bench-webhooks-'));
  const receivers: BenchReceiver[] = [];
  const server = await startServerChild({ dataDir, env: { MINGA_WEBHOOK_ALLOW_PRIVATE: 'true' } });
  const checks: Check[] = [];
  const data: Record<string, unknown> = { settings: { rate, seconds, burst } };
  try {
    const api = new Api(server.url, server.apiKey as string);
    const project = await api.post<{ project: { id: string } }>('/v1/projects', { name: 'Webhook bench', defaults: { type: 'yesno' } });
    const projectId = project.project.id;
    const receiver = async (hang = false) => {
      const r = await startBenchReceiver(hang);
      receivers.push(r);
      return r;
    };

    // 1. Sustained rate to one endpoint.
    const one = await receiver();
    const first = await endpoint(api, one.url);
    log(`sustained: ${rate} events/s for ${seconds} s`);
    const sent = await sustain(api, projectId, rate, seconds);
    await waitFor('the sustained deliveries', 60_000, () => one.latencies.length >= sent);
    const p50 = percentile(one.latencies, 50);
    const p99 = percentile(one.latencies, 99);
    data.sustained = { sent, delivered: one.latencies.length, p50, p99, max: Math.max(...one.latencies) };
    checks.push({ line: `webhooks sustained ${int(rate)} events/s  commit→first attempt p50 ${ms(p50)}, p99 ${ms(p99)} (target p99 ≤${ms(P99_TARGET_MS)})`, pass: p99 <= P99_TARGET_MS, value: p99, target: `<=${P99_TARGET_MS}` });
    await fetch(`${server.url}/v1/webhook-endpoints/${first}`, { method: 'DELETE', headers: { authorization: `Bearer ${server.apiKey}` } });

    // 2. Peak: a burst to two endpoints.
    const peakReceivers = [await receiver(), await receiver()];
    const peakEndpoints = [await endpoint(api, peakReceivers[0]!.url), await endpoint(api, peakReceivers[1]!.url)];
    log(`peak: ${int(burst)} tasks at once, two endpoints`);
    for (let i = 0; i < burst; i += 5_000) {
      await api.post('/v1/tasks', Array.from({ length: Math.min(5_000, burst - i) }, (_, j) => ({ project_id: projectId, content: `Burst ${i + j}?` })));
    }
    const want = 2 * burst;
    const count = () => peakReceivers.reduce((n, r) => n + r.arrivals.length, 0);
    await waitFor('the burst deliveries', 180_000, () => count() >= want);
    const arrivals = peakReceivers.flatMap((r) => r.arrivals).sort((a, b) => a - b);
    const span = ((arrivals.at(-1) as number) - (arrivals[0] as number)) / 1000;
    const perSec = want / Math.max(span, 0.001);
    data.peak = { deliveries: want, seconds: span, perSec };
    checks.push({ line: `webhooks peak ${int(want)} deliveries in ${span.toFixed(1)} s: ${int(perSec)} deliveries/s (target ≥${int(PEAK_TARGET)})`, pass: perSec >= PEAK_TARGET, value: perSec, target: `>=${PEAK_TARGET}` });
    for (const id of peakEndpoints) await fetch(`${server.url}/v1/webhook-endpoints/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${server.apiKey}` } });

    // 3. One endpoint hangs beside three healthy ones.
    const hung = await receiver(true);
    const healthy = [await receiver(), await receiver(), await receiver()];
    await endpoint(api, hung.url);
    for (const r of healthy) await endpoint(api, r.url);
    const hangRate = 200;
    log(`one endpoint hanging: ${hangRate} events/s for ${seconds} s to it and three healthy endpoints`);
    const hangSent = await sustain(api, projectId, hangRate, seconds);
    await waitFor('the healthy deliveries', 60_000, () => healthy.every((r) => r.latencies.length >= hangSent));
    const healthyLatencies = healthy.flatMap((r) => r.latencies);
    const hp99 = percentile(healthyLatencies, 99);
    data.hanging = { sent: hangSent, healthyDelivered: healthyLatencies.length, p50: percentile(healthyLatencies, 50), p99: hp99, hungAttempts: hung.arrivals.length };
    checks.push({ line: `webhooks one endpoint hanging  healthy endpoints p99 ${ms(hp99)} (target ≤${ms(HANG_P99_TARGET_MS)})`, pass: hp99 <= HANG_P99_TARGET_MS, value: hp99, target: `<=${HANG_P99_TARGET_MS}` });
  } finally {
    await server.stop();
    for (const r of receivers) await r.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { name: 'webhooks', checks, data };
}
