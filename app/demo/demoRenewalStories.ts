/**
 * The demo shop's coffee subscriptions (pure): a dozen monthly renewals whose charge failed in the
 * last weeks, told as timed events the replay plays through the product (demoRenewals.ts), in
 * every state a merchant meets: recovered by our retry on day 1, 3 or 7, by the subscription app's
 * own retry, waiting for a new card, retried soon, kept as debt, and a cancelled subscription.
 */
import { DAY_MS } from "../domain/time";

type Ending =
  | { kind: "our_retry"; retries: number }
  | { kind: "subscription_app" }
  | { kind: "recovering"; retries: number }
  | { kind: "awaiting_card" }
  | { kind: "kept" | "cancelled"; retries: number };

/** days before now that the charge failed, why, and how it ended */
const STORIES: { failedDaysAgo: number; errorCode: string; ending: Ending }[] = [
  { failedDaysAgo: 58, errorCode: "insufficient_funds", ending: { kind: "our_retry", retries: 1 } },
  { failedDaysAgo: 51, errorCode: "payment_method_declined", ending: { kind: "our_retry", retries: 2 } },
  { failedDaysAgo: 44, errorCode: "insufficient_funds", ending: { kind: "our_retry", retries: 3 } },
  { failedDaysAgo: 40, errorCode: "insufficient_funds", ending: { kind: "kept", retries: 3 } },
  { failedDaysAgo: 36, errorCode: "expired_payment_method", ending: { kind: "cancelled", retries: 0 } },
  { failedDaysAgo: 30, errorCode: "transient_error", ending: { kind: "subscription_app" } },
  { failedDaysAgo: 23, errorCode: "insufficient_funds", ending: { kind: "our_retry", retries: 1 } },
  { failedDaysAgo: 16, errorCode: "payment_method_declined", ending: { kind: "our_retry", retries: 2 } },
  { failedDaysAgo: 6, errorCode: "expired_payment_method", ending: { kind: "awaiting_card" } },
  { failedDaysAgo: 5, errorCode: "insufficient_funds", ending: { kind: "recovering", retries: 2 } },
  { failedDaysAgo: 2, errorCode: "insufficient_funds", ending: { kind: "recovering", retries: 1 } },
  { failedDaysAgo: 1, errorCode: "authentication_error", ending: { kind: "recovering", retries: 0 } },
];

/** the demo shop's retry days (the default) */
const DEMO_RETRY_DAYS = [1, 3, 7];
/** a box of coffee and its delivery */
export const RENEWAL_MINOR = 2_990;
const CONTRACT_ID_BASE = 9_400_000_000n;

export type RenewalAction = "fail" | "retry_failed" | "retry_paid" | "paid_elsewhere" | "update_email" | "end_kept" | "end_cancelled";

export interface RenewalHistoryEvent {
  at: number;
  kind: "renewal";
  action: RenewalAction;
  contractGid: string;
  cycleIndex: number;
  /** the retry's number (retry_failed, retry_paid) */
  retry: number;
  errorCode: string;
  originOrderName: string;
  /** the subscriber (a Shopify customer payload) */
  customer: Record<string, unknown>;
}

/** The stories as events, on the subscribers (consumers: companies buy on terms). */
export function demoRenewalEvents(now: Date, customers: readonly Record<string, unknown>[]): RenewalHistoryEvent[] {
  const subscribers = customers.filter((c) => !(c.default_address as { company: string | null }).company);
  return STORIES.flatMap((story, i) => {
    const failedAt = now.getTime() - story.failedDaysAgo * DAY_MS;
    const base = {
      kind: "renewal" as const, contractGid: `gid://shopify/SubscriptionContract/${CONTRACT_ID_BASE + BigInt(i)}`, cycleIndex: 3 + (i % 5),
      errorCode: story.errorCode, originOrderName: `#K${2001 + i}`, customer: subscribers[i % subscribers.length], retry: 0,
    };
    const at = (days: number) => failedAt + days * DAY_MS;
    const events: RenewalHistoryEvent[] = [{ ...base, at: failedAt, action: "fail" }];
    const { ending } = story;
    const retries = "retries" in ending ? ending.retries : 0;
    for (let n = 1; n <= retries; n++) {
      const paid = ending.kind === "our_retry" && n === retries;
      events.push({ ...base, at: at(DEMO_RETRY_DAYS[n - 1]), action: paid ? "retry_paid" : "retry_failed", retry: n });
    }
    if (ending.kind === "subscription_app") events.push({ ...base, at: at(0.5), action: "paid_elsewhere" });
    if (ending.kind === "awaiting_card" || (ending.kind === "cancelled" && story.errorCode === "expired_payment_method")) {
      events.push({ ...base, at: at(0.05), action: "update_email" });
    }
    if (ending.kind === "kept" || ending.kind === "cancelled") events.push({ ...base, at: at(DEMO_RETRY_DAYS.at(-1)! + 1), action: ending.kind === "kept" ? "end_kept" : "end_cancelled" });
    return events.filter((e) => e.at <= now.getTime());
  });
}

/** Each renewal as the ledger should end up with it: for tests that compute the demo's book on their own. */
export function demoRenewalBook(now: Date): { issuedAt: Date; dueAt: Date; totalMinor: number; status: "open" | "paid" | "cancelled"; paidAt: Date | null }[] {
  const byContract = new Map<string, RenewalHistoryEvent[]>();
  for (const e of demoRenewalEvents(now, [{ default_address: { company: null } }])) byContract.set(e.contractGid, [...(byContract.get(e.contractGid) ?? []), e]);
  return [...byContract.values()].map((events) => {
    const paid = events.find((e) => e.action === "retry_paid" || e.action === "paid_elsewhere");
    const cancelled = events.some((e) => e.action === "end_cancelled");
    return { issuedAt: new Date(events[0].at), dueAt: new Date(events[0].at), totalMinor: RENEWAL_MINOR, status: paid ? "paid" : cancelled ? "cancelled" : "open", paidAt: paid ? new Date(paid.at) : null };
  });
}
