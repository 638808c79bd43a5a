/**
 * While webhooks are arriving (less than `quietMs` apart) the worker's drain waits for a quiet
 * moment, before it and between its batches, `maxWaitMs` in all per drain: answering Shopify within
 * its timeout comes first, and on SQLite every write of the worker holds the lock the answering
 * insert needs. What gathers meanwhile is applied in full batches, cheaper per delivery than a
 * drain per arrival; in a burst that never ends a drain still goes every `maxWaitMs`.
 */
export interface BurstGateOptions {
  quietMs: number;
  maxWaitMs: number;
  /** milliseconds on a monotonic clock */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export class BurstGate {
  private lastArrival = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: BurstGateOptions) {}

  /** A delivery was stored (the web process's kick). */
  arrived(): void {
    this.lastArrival = this.options.now();
  }

  /** One drain's wait: each call waits while deliveries keep arriving, `maxWaitMs` in all across the calls. */
  forDrain(stopping: () => boolean): () => Promise<void> {
    const { quietMs, maxWaitMs, now, sleep } = this.options;
    const until = now() + maxWaitMs;
    return async () => {
      while (!stopping() && now() - this.lastArrival < quietMs && now() < until) await sleep(quietMs);
    };
  }
}
