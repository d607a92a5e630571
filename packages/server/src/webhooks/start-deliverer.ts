import type { Logger } from 'pino';
import { claimDeliveries, releaseStaleClaims, type DeliveryJob } from '../core/webhooks/claim-deliveries.ts';
import { fanOutEvents } from '../core/webhooks/fan-out-events.ts';
import { recordAttempts, type AttemptOutcome } from '../core/webhooks/record-attempts.ts';
import { signatureHeader } from '../core/webhooks/sign-payload.ts';
import { claimMsOf, type WebhookSettings } from '../core/webhooks/webhook-settings.ts';
import type { Store } from '../store/store.ts';
import type { WebhookSender } from './send-webhook.ts';

export interface Deliverer {
  /** Look for new events and due deliveries now rather than at the next poll. */
  wake(): void;
  /** Stops taking work, abandons attempts in flight (they are attempted again later) and writes what finished. */
  stop(): Promise<void>;
}

const USER_AGENT = 'Minga-Webhooks/1';
/** After a slot frees, dispatch waits this long for others before claiming: one claim per slot would cost a transaction per delivery. */
const SLOT_GATHER_MS = 5;

/** A sleep that `wake` cuts short. */
function wakeableSleep() {
  let wakeUp: (() => void) | null = null;
  let pending = false;
  return {
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        if (pending) {
          pending = false;
          return resolve();
        }
        const timer = setTimeout(() => {
          wakeUp = null;
          resolve();
        }, ms);
        wakeUp = () => {
          clearTimeout(timer);
          wakeUp = null;
          resolve();
        };
      }),
    wake: () => {
      if (wakeUp) wakeUp();
      else pending = true;
    },
  };
}

/**
 * The webhook deliverer every server process runs. Three parts, each a loop of its own:
 * - fan-out reads new events from the outbox and writes their deliveries (one process at a time);
 * - dispatch claims due deliveries up to the process's concurrency and each target's cap, and POSTs them;
 * - a writer records finished attempts in batches, one transaction per batch.
 * A crash loses nothing: an event is fanned out in the transaction that moves the cursor, and a claimed
 * delivery whose attempt never got recorded is due again when its claim runs out (at least once).
 */
export function startDeliverer(store: Store, logger: Logger, settings: WebhookSettings, sender: WebhookSender, options: { pollMs?: number } = {}): Deliverer {
  const pollMs = options.pollMs ?? 100;
  const claimMs = claimMsOf(settings);
  let stopped = false;
  const fanOutSignal = wakeableSleep();
  const dispatchSignal = wakeableSleep();
  const inFlightByLane = new Map<string, number>();
  let inFlight = 0;
  const aborts = new AbortController();
  const running = new Set<Promise<void>>();
  const finished: AttemptOutcome[] = [];
  let writing: Promise<void> | null = null;

  const fanOut = (async () => {
    if (!store.caps.multiProcess) await releaseStaleClaims(store).catch((error: unknown) => logger.error({ err: error }, 'webhooks: releasing stale claims failed'));
    while (!stopped) {
      let more = false;
      try {
        const r = await fanOutEvents(store, settings);
        if (r.deliveries > 0) dispatchSignal.wake();
        more = r.events >= 1_000;
      } catch (error) {
        logger.error({ err: error }, 'webhooks: reading the event outbox failed; retrying');
      }
      if (!more && !stopped) await fanOutSignal.sleep(pollMs);
    }
  })();

  const writeFinished = (): Promise<void> => {
    writing ??= (async () => {
      while (finished.length > 0) {
        const batch = finished.splice(0, 500);
        try {
          await recordAttempts(store, batch, settings);
        } catch (error) {
          logger.error({ err: error }, 'webhooks: recording attempts failed; retrying');
          finished.unshift(...batch);
          if (stopped) break;
          await new Promise((r) => setTimeout(r, 500));
        }
      }
      writing = null;
    })();
    return writing;
  };

  const attempt = async (job: DeliveryJob) => {
    const at = Math.floor(Date.now() / 1000);
    const startedAt = new Date().toISOString();
    const headers = {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      'minga-signature': signatureHeader(job.body, at, job.secret, job.previousSecret),
      'minga-timestamp': String(at),
      'minga-event-id': job.eventId,
      'minga-event': job.eventType,
      'minga-delivery-id': job.id,
      'minga-attempt': String(job.number),
    };
    const r = await sender.send(job.url, job.body, headers, aborts.signal);
    // Abandoned at shutdown: not an attempt the receiver refused; the claim runs out and it is made again.
    if (stopped && r.error?.startsWith('aborted')) return;
    finished.push({ job, startedAt, durationMs: r.durationMs, statusCode: r.statusCode, error: r.error, excerpt: r.excerpt, retryAfterMs: r.retryAfterMs });
    void writeFinished();
  };

  const start = (job: DeliveryJob) => {
    inFlight++;
    inFlightByLane.set(job.lane, (inFlightByLane.get(job.lane) ?? 0) + 1);
    const p = attempt(job)
      .catch((error: unknown) => logger.error({ err: error }, 'webhooks: an attempt failed unexpectedly'))
      .finally(() => {
        inFlight--;
        const left = (inFlightByLane.get(job.lane) ?? 1) - 1;
        if (left <= 0) inFlightByLane.delete(job.lane);
        else inFlightByLane.set(job.lane, left);
        running.delete(p);
        if (waitingForSlot) dispatchSignal.wake();
      });
    running.add(p);
  };

  // Set while dispatch waits for a slot: only then does a finished attempt wake it.
  let waitingForSlot = false;
  const dispatch = (async () => {
    while (!stopped) {
      const free = settings.concurrency - inFlight;
      try {
        const busyLanes = [...inFlightByLane].filter(([, n]) => n >= settings.concurrencyPerTarget).map(([lane]) => lane);
        const jobs = free <= 0 ? [] : await claimDeliveries(store, { limit: free, busyLanes, freeIn: (lane) => settings.concurrencyPerTarget - (inFlightByLane.get(lane) ?? 0), claimMs });
        for (const job of jobs) if (!stopped) start(job);
      } catch (error) {
        logger.error({ err: error }, 'webhooks: claiming deliveries failed; retrying');
      }
      if (stopped) break;
      const capped = inFlight >= settings.concurrency || [...inFlightByLane.values()].some((n) => n >= settings.concurrencyPerTarget);
      waitingForSlot = capped;
      await dispatchSignal.sleep(pollMs);
      waitingForSlot = false;
      // Woken by a freed slot: let a few more free up, so that one claim takes several.
      if (capped && !stopped) await new Promise((r) => setTimeout(r, SLOT_GATHER_MS));
    }
  })();

  return {
    wake: () => {
      fanOutSignal.wake();
      dispatchSignal.wake();
    },
    stop: async () => {
      stopped = true;
      fanOutSignal.wake();
      dispatchSignal.wake();
      await Promise.all([fanOut, dispatch]);
      aborts.abort();
      await Promise.all([...running]);
      await writeFinished();
      sender.close();
    },
  };
}
