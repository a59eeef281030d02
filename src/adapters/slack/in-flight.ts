// Work the adapter has taken on and not finished (answers being prepared or delivered, shares, votes),
// so that stop() can let it finish before Bolt is stopped.

export class InFlight {
  private readonly pending = new Set<Promise<unknown>>();
  private closed = false;

  /** Runs `work` and remembers it until it settles; its result (or rejection) is passed on. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const p = work();
    this.pending.add(p);
    const forget = () => this.pending.delete(p);
    p.then(forget, forget);
    return p;
  }

  /** True once close() was called: no new answers should be started. */
  get closing(): boolean {
    return this.closed;
  }

  get size(): number {
    return this.pending.size;
  }

  /** New work is turned away from now on (stop() has begun). */
  close(): void {
    this.closed = true;
  }

  /** Takes new work again (started again after a stop). */
  open(): void {
    this.closed = false;
  }

  /**
   * Waits until nothing is in flight (including work that starts while waiting) or `timeoutMs` passed.
   * Resolves with how many are still unfinished (0: all done).
   */
  async drain(timeoutMs: number): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    while (this.pending.size > 0) {
      const left = deadline - performance.now();
      if (left <= 0) break;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.pending]),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, left);
        }),
      ]);
      clearTimeout(timer);
    }
    return this.pending.size;
  }
}
