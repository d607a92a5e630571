import type { Writable } from 'node:stream';

export interface Progress {
  /** Bytes of the file read so far, and the tasks done so far. */
  update(bytes: number, counts: ImportCounts): void;
  finish(counts: ImportCounts): void;
}

export interface ImportCounts {
  created: number;
  existing: number;
  invalid: number;
}

const WIDTH = 24;
const group = (n: number) => n.toLocaleString('en-US');
const clock = (seconds: number) => (Number.isFinite(seconds) ? `${Math.floor(seconds / 60)}:${String(Math.round(seconds % 60)).padStart(2, '0')}` : '–');

/**
 * A progress bar on stderr: share of the file read, tasks done, rate and ETA. On a terminal it redraws one
 * line ten times a second; elsewhere (CI logs) it prints a line every two seconds.
 */
export function progressBar(out: Writable & { isTTY?: boolean }, totalBytes: number): Progress {
  const started = performance.now();
  const tty = out.isTTY === true;
  let last = 0;
  const line = (bytes: number, c: ImportCounts) => {
    const seconds = (performance.now() - started) / 1000;
    const share = totalBytes > 0 ? Math.min(1, bytes / totalBytes) : 1;
    const done = c.created + c.existing + c.invalid;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = share > 0 ? (seconds / share) * (1 - share) : Infinity;
    const filled = Math.round(share * WIDTH);
    return `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%  ${group(done)} tasks  ${group(Math.round(rate))}/s  ETA ${clock(eta)}` +
      `  (${group(c.created)} created, ${group(c.existing)} already there, ${group(c.invalid)} invalid)`;
  };
  return {
    update(bytes, counts) {
      const now = performance.now();
      if (now - last < (tty ? 100 : 2_000)) return;
      last = now;
      out.write(tty ? `\r${line(bytes, counts)}` : `${line(bytes, counts)}\n`);
    },
    finish(counts) {
      out.write(`${tty ? '\r' : ''}${line(totalBytes, counts)}  in ${clock((performance.now() - started) / 1000)}\n`);
    },
  };
}
