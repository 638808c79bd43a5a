/**
 * A circuit breaker per shop around the Admin API: after a few failures in a row (5xx, 429, no
 * answer) calls fail at once for a while, so work that needs Shopify waits in the queue and
 * everything else flows at full speed. After the pause one call is let through; its success
 * closes the circuit, its failure opens it again for twice as long (up to five minutes).
 */
import { AdminApiError, type AdminGraphql } from "./client";

const FAILURES_TO_OPEN = 3;
const FIRST_PAUSE_MS = 30_000;
const LONGEST_PAUSE_MS = 5 * 60_000;

/** The Admin API is not asked right now: try again at `retryAt`. */
export class AdminUnavailable extends AdminApiError {
  override name = "AdminUnavailable";
  constructor(shop: string, readonly retryAt: Date) {
    super(`Admin API of ${shop} unavailable (circuit open) until ${retryAt.toISOString()}`);
  }
}

/** Failures that say Shopify is away, not that the request was wrong. */
export function isUnavailability(error: unknown): boolean {
  if (error instanceof AdminUnavailable) return true;
  const message = (error as Error)?.message ?? "";
  return /^Admin API (429|5\d\d) |did not answer within/.test(message) || (error instanceof TypeError && /fetch failed/.test(message));
}

class Breaker {
  private failures = 0;
  private openUntil = 0;
  private pauseMs = FIRST_PAUSE_MS;
  private trial = false;

  constructor(private readonly shop: string, private readonly now: () => number) {}

  /** Throws while open; lets one trial call through when the pause is over. */
  admit(): void {
    if (this.failures < FAILURES_TO_OPEN) return;
    if (this.now() < this.openUntil || this.trial) throw new AdminUnavailable(this.shop, new Date(Math.max(this.openUntil, this.now() + 1_000)));
    this.trial = true;
  }

  succeeded(): void {
    this.failures = 0;
    this.pauseMs = FIRST_PAUSE_MS;
    this.trial = false;
  }

  failed(): void {
    this.failures += 1;
    if (this.failures < FAILURES_TO_OPEN) return;
    if (this.trial) this.pauseMs = Math.min(this.pauseMs * 2, LONGEST_PAUSE_MS);
    this.trial = false;
    this.openUntil = this.now() + this.pauseMs;
  }
}

const breakers = new Map<string, Breaker>();

export function withCircuitBreaker(shop: string, client: AdminGraphql, now: () => number = Date.now): AdminGraphql {
  const breaker = breakers.get(shop) ?? breakers.set(shop, new Breaker(shop, now)).get(shop)!;
  return {
    async request<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
      breaker.admit();
      try {
        const data = await client.request<T>(query, variables);
        breaker.succeeded();
        return data;
      } catch (error) {
        if (isUnavailability(error)) breaker.failed();
        else breaker.succeeded(); // Shopify answered: the request was wrong, not Shopify away
        throw error;
      }
    },
  };
}

/** For tests: every shop's circuit closed again. */
export function resetCircuitBreakers(): void {
  breakers.clear();
}
