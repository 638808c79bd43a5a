/** The coffee subscriptions' renewal events (demoRenewalStories.ts) played through the product, as the webhooks and the recovery pass write them. */
import type { Db } from "../db/client";
import { customerFromPayload } from "../adapters/shopify/payloads";
import { asCurrency } from "../domain/money";
import { planRecovery, recordRenewalEvent, RETRY_KEY_PREFIX, type RenewalShop } from "../services/renewals/recoveryPlan";
import { recordFinalOutcome, recordRenewalFailure, settleRenewal } from "../services/renewals/renewalLedger";
import { RENEWAL_MINOR, type RenewalHistoryEvent } from "./demoRenewalStories";

export async function playRenewalEvent(db: Db, shop: RenewalShop, event: RenewalHistoryEvent): Promise<void> {
  const at = new Date(event.at);
  const { contractGid, cycleIndex } = event;
  if (event.action === "fail") {
    const customer = customerFromPayload(event.customer, (event.customer.locale as string) ?? null);
    await recordRenewalFailure(db, shop, {
      // the stories' first orders are not in the demo book: no order for Flow to hear of
      contractGid, cycleIndex, cycleDate: at, attemptedAt: at, originOrderName: event.originOrderName, originOrderGid: null, currency: asCurrency("EUR"),
      amountMinor: RENEWAL_MINOR, customerGid: customer.gid, challengeUrl: null, customer,
      idempotencyKey: `seal-${contractGid.split("/").pop()}-${cycleIndex}`, errorCode: event.errorCode, errorMessage: null,
      paymentMethodGid: `gid://shopify/CustomerPaymentMethod/demo${contractGid.split("/").pop()}`,
    });
    return;
  }
  const renewal = await db.subscriptionRenewal.findUniqueOrThrow({
    where: { shopId_contractGid_cycleIndex: { shopId: shop.id, contractGid, cycleIndex } },
    include: { receivable: { select: { orderGid: true, currency: true, snapshot: true } } },
  });
  const note = (key: string, detail: { event: string } & Record<string, unknown>) =>
    recordRenewalEvent(db, { shopId: shop.id, orderGid: renewal.receivable.orderGid, currency: "EUR", occurredAt: at, key, detail });
  const retryKey = `${RETRY_KEY_PREFIX}${renewal.id}-${event.retry}`;
  switch (event.action) {
    case "retry_failed":
    case "retry_paid":
      await db.subscriptionRenewal.update({ where: { id: renewal.id }, data: { retriesSent: event.retry } });
      await note(`retry:${event.retry}`, { event: "retry_sent", retry: event.retry });
      if (event.action === "retry_paid") await settleRenewal(db, shop, { contractGid, cycleIndex, idempotencyKey: retryKey, paidAt: at, chargeOrderGid: null });
      else await recordRenewalFailure(db, shop, { ...failureOf(renewal, event, at), idempotencyKey: retryKey });
      return;
    case "paid_elsewhere":
      await settleRenewal(db, shop, { contractGid, cycleIndex, idempotencyKey: `seal-retry-${renewal.id}`, paidAt: at, chargeOrderGid: null });
      return;
    case "update_email":
      await db.subscriptionRenewal.update({ where: { id: renewal.id }, data: { updateEmailSentAt: at } });
      await note("update_email", { event: "update_email" });
      await planRecovery(db, shop, renewal.receivableId);
      return;
    case "end_kept":
    case "end_cancelled":
      await recordFinalOutcome(db, shop, renewal, event.action === "end_kept" ? "kept" : "cancelled", null, at);
  }
}

/** The same failure again, now of our retry. */
function failureOf(
  renewal: { contractGid: string; cycleIndex: number; cycleDate: Date; customerGid: string | null; customerPaymentMethodGid: string | null; originOrderGid: string | null },
  event: RenewalHistoryEvent, at: Date,
) {
  return {
    contractGid: renewal.contractGid, cycleIndex: renewal.cycleIndex, cycleDate: renewal.cycleDate, attemptedAt: at, originOrderName: event.originOrderName,
    originOrderGid: renewal.originOrderGid,
    currency: asCurrency("EUR"), amountMinor: RENEWAL_MINOR, customerGid: renewal.customerGid, challengeUrl: null, customer: null,
    errorCode: event.errorCode, errorMessage: null, paymentMethodGid: renewal.customerPaymentMethodGid,
  };
}
