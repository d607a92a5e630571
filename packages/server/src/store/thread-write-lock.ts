/**
 * A lock shared by the threads of one server process, over a SharedArrayBuffer: each thread has its own
 * SQLite connection, and the lock lets one at a time write, so a thread waits for its turn without
 * blocking its event loop, instead of sleeping in SQLite's busy handler. A thread that ends while waiting
 * leaves nothing behind: only the holder matters.
 */
export class ThreadWriteLock {
  /** [0 free / 1 held, threads waiting]. */
  readonly #cells: Int32Array;
  readonly buffer: SharedArrayBuffer;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(8)) {
    this.buffer = buffer;
    this.#cells = new Int32Array(buffer);
  }

  async acquire(): Promise<void> {
    if (Atomics.compareExchange(this.#cells, 0, 0, 1) === 0) return;
    // Node does not count a pending Atomics.waitAsync as work: without a timer, a thread with nothing else
    // to do would end mid-wait.
    const keepAlive = setInterval(() => {}, 60_000);
    Atomics.add(this.#cells, 1, 1);
    try {
      while (Atomics.compareExchange(this.#cells, 0, 0, 1) !== 0) {
        const wait = Atomics.waitAsync(this.#cells, 0, 1);
        if (wait.async) await wait.value;
      }
    } finally {
      Atomics.sub(this.#cells, 1, 1);
      clearInterval(keepAlive);
    }
  }

  release(): void {
    Atomics.store(this.#cells, 0, 0);
    if (Atomics.load(this.#cells, 1) > 0) Atomics.notify(this.#cells, 0, 1);
  }
}
