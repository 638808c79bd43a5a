/**
 * The demo shop's coffee subscriptions: a dozen failed monthly renewals of the last weeks, written
 * the way the webhooks and the recovery pass write them (renewalLedger), in every state a merchant
 * meets: recovered by our retry on day 1, 3 or 7, by the subscription app's own retry, waiting for
 * a new card, retried soon, kept as debt, and a cancelled subscription.
 */
import type { Db } from "../db/client";
import { customerFromPayload } from "../adapters/shopify/payloads";
import { asCurrency } from "../domain/money";
import { addDays } from "../domain/time";
import { planRecovery, recordRenewalEvent, RETRY_KEY_PREFIX, type RenewalShop } from "../services/renewals/recoveryPlan";
import { recordFinalOutcome, recordRenewalFailure, settleRenewal } from "../services/renewals/renewalLedger";

type Ending =
  | { kind: "our_retry"; retries: number; onDay: number }
  | { kind: "subscription_app"; onDay: number }
  | { kind: "recovering"; retries: number }
  | { kind: "awaiting_card" }
  | { kind: "kept" | "cancelled"; retries: number };

/** days before now that the charge failed, why, and how it ended */
const STORIES: { failedDaysAgo: number; errorCode: string; ending: Ending }[] = [
  { failedDaysAgo: 58, errorCode: "insufficient_funds", ending: { kind: "our_retry", retries: 1, onDay: 1 } },
  { failedDaysAgo: 51, errorCode: "payment_method_declined", ending: { kind: "our_retry", retries: 2, onDay: 3 } },
  { failedDaysAgo: 44, errorCode: "insufficient_funds", ending: { kind: "our_retry", retries: 3, onDay: 7 } },
  { failedDaysAgo: 40, errorCode: "insufficient_funds", ending: { kind: "kept", retries: 3 } },
  { failedDaysAgo: 36, errorCode: "expired_payment_method", ending: { kind: "cancelled", retries: 0 } },
  { failedDaysAgo: 30, errorCode: "transient_error", ending: { kind: "subscription_app", onDay: 0 } },
  { failedDaysAgo: 23, errorCode: "insufficient_funds", ending: { kind: "our_retry", retries: 1, onDay: 1 } },
  { failedDaysAgo: 16, errorCode: "payment_method_declined", ending: { kind: "our_retry", retries: 2, onDay: 3 } },
  { failedDaysAgo: 9, errorCode: "expired_payment_method", ending: { kind: "awaiting_card" } },
  { failedDaysAgo: 5, errorCode: "insufficient_funds", ending: { kind: "recovering", retries: 2 } },
  { failedDaysAgo: 2, errorCode: "insufficient_funds", ending: { kind: "recovering", retries: 1 } },
  { failedDaysAgo: 1, errorCode: "authentication_error", ending: { kind: "recovering", retries: 0 } },
];

const RETRY_DAYS = [1, 3, 7];
const CONTRACT_ID_BASE = 9_400_000_000n;

export async function seedDemoRenewals(db: Db, shop: RenewalShop, customers: Record<string, unknown>[], now: Date): Promise<number> {
  // consumers subscribe to coffee; companies buy on terms
  const subscribers = customers.filter((c) => !(c.default_address as { company: string | null }).company).slice(0, STORIES.length);
  for (const [i, story] of STORIES.entries()) {
    const customer = customerFromPayload(subscribers[i], (subscribers[i].locale as string) ?? null);
    const contractGid = `gid://shopify/SubscriptionContract/${CONTRACT_ID_BASE + BigInt(i)}`;
    const failedAt = addDays(now, -story.failedDaysAgo);
    await recordRenewalFailure(db, shop, {
      contractGid, cycleIndex: 3 + (i % 5), cycleDate: failedAt, attemptedAt: failedAt, originOrderName: `#K${2001 + i}`, currency: asCurrency("EUR"),
      amountMinor: 2_990, customerGid: customer.gid, challengeUrl: null, customer,
      idempotencyKey: `seal-${i}-first`, errorCode: story.errorCode, errorMessage: null,
      paymentMethodGid: `gid://shopify/CustomerPaymentMethod/demo${i}`,
    });
    await playEnding(db, shop, contractGid, 3 + (i % 5), failedAt, story.ending, now);
  }
  return STORIES.length;
}

async function playEnding(db: Db, shop: RenewalShop, contractGid: string, cycleIndex: number, failedAt: Date, ending: Ending, now: Date) {
  const renewal = await db.subscriptionRenewal.findUniqueOrThrow({
    where: { shopId_contractGid_cycleIndex: { shopId: shop.id, contractGid, cycleIndex } },
    include: { receivable: { select: { orderGid: true, currency: true, snapshot: true } } },
  });
  const retried = "retries" in ending ? ending.retries : 0;
  for (let n = 1; n <= retried; n++) {
    const at = addDays(failedAt, RETRY_DAYS[n - 1]);
    await recordRenewalEvent(db, { shopId: shop.id, orderGid: renewal.receivable.orderGid, currency: "EUR", occurredAt: at, key: `retry:${n}`, detail: { event: "retry_sent", retry: n } });
  }
  await db.subscriptionRenewal.update({ where: { id: renewal.id }, data: { retriesSent: retried } });
  const key = (n: number) => `${RETRY_KEY_PREFIX}${renewal.id}-${n}`;
  switch (ending.kind) {
    case "our_retry":
      await settleRenewal(db, shop, { contractGid, cycleIndex, idempotencyKey: key(ending.retries), paidAt: addDays(failedAt, ending.onDay), chargeOrderGid: null });
      return;
    case "subscription_app":
      await settleRenewal(db, shop, { contractGid, cycleIndex, idempotencyKey: "seal-retry", paidAt: addDays(failedAt, ending.onDay + 0.5), chargeOrderGid: null });
      return;
    case "awaiting_card":
      await db.subscriptionRenewal.update({ where: { id: renewal.id }, data: { updateEmailSentAt: failedAt } });
      await recordRenewalEvent(db, { shopId: shop.id, orderGid: renewal.receivable.orderGid, currency: "EUR", occurredAt: failedAt, key: "update_email", detail: { event: "update_email" } });
      await planRecovery(db, shop, renewal.receivableId);
      return;
    case "kept":
    case "cancelled":
      await recordFinalOutcome(db, shop, renewal, ending.kind, null, addDays(failedAt, RETRY_DAYS.at(-1)! + 1));
      return;
    case "recovering":
      // each retry failed again the same day; the recovery pass takes the next step when it is due
      await db.subscriptionRenewal.update({
        where: { id: renewal.id }, data: { lastFailedAt: retried ? addDays(failedAt, RETRY_DAYS[retried - 1]) : failedAt, failedAttempts: 1 + retried },
      });
      await planRecovery(db, shop, renewal.receivableId);
  }
}
