/**
 * Subscription billing attempt webhooks -> renewal receivables. A failed (or challenged) charge
 * becomes a receivable owed from the cycle's billing date; a successful one, from our retry or the
 * subscription app's own, pays it and stops the recovery at once. A customer's new payment method
 * brings forward the retry that waited for it.
 */
import type { Db } from "../../db/client";
import type { AdminGraphql } from "../../adapters/shopify/graphql/client";
import { readRenewalAttempt, type RenewalAttempt } from "../../adapters/shopify/graphql/subscriptions";
import {
  billingAttemptFromPayload, paymentMethodFromPayload, type BillingAttemptWebhook, type PaymentMethodWebhook,
} from "../../adapters/shopify/subscriptionPayloads";
import { recordGid, type Json } from "../../adapters/shopify/json";
import type { ShopRef } from "../ledger/ledgerStore";
import { planRecovery, type RenewalShop } from "./recoveryPlan";
import { recordRenewalFailure, settleRenewal, type RenewalOutcome } from "./renewalLedger";

/** A subscription webhook (SUBSCRIPTION_TOPICS) applied; billing attempts need the shop's Admin API. */
export async function applySubscriptionWebhook(
  db: Db, shop: RenewalShop, topic: string, payload: Json, adminFor: () => Promise<AdminGraphql | null>, webhookId: string, now: Date,
): Promise<RenewalOutcome> {
  if (topic.startsWith("customer_payment_methods/")) return recordPaymentMethodChange(db, shop, paymentMethodFromPayload(payload), now);
  if (topic.startsWith("subscription_contracts/")) return recordContractEnded(db, shop, recordGid(payload, "SubscriptionContract"), now);
  const webhook = billingAttemptFromPayload(payload);
  const admin = await adminFor();
  if (!admin) throw new Error(`no Admin API access for ${shop.domain}; a billing attempt names no amount, so it waits for access`);
  if (topic === "subscription_billing_attempts/success") return recordSuccessfulCharge(db, shop, webhook, admin, webhookId);
  return recordFailedCharge(db, shop, webhook, topic === "subscription_billing_attempts/challenged", admin, webhookId);
}

async function attemptOrFail(admin: AdminGraphql, webhook: BillingAttemptWebhook): Promise<RenewalAttempt> {
  const attempt = await readRenewalAttempt(admin, webhook.contractGid, webhook.idempotencyKey);
  // Shopify names the attempt before its contract's list shows it: the queue asks again later
  if (!attempt) throw new Error(`Shopify does not show billing attempt ${webhook.idempotencyKey} of ${webhook.contractGid} yet`);
  return attempt;
}

/** subscription_billing_attempts/failure and /challenged. */
export async function recordFailedCharge(
  db: Db, shop: RenewalShop, webhook: BillingAttemptWebhook, challenged: boolean, admin: AdminGraphql, webhookId: string,
): Promise<RenewalOutcome> {
  const attempt = await attemptOrFail(admin, webhook);
  return recordRenewalFailure(db, shop, {
    contractGid: attempt.contractGid, cycleIndex: attempt.cycleIndex, cycleDate: attempt.cycleDate, attemptedAt: attempt.createdAt,
    originOrderName: attempt.originOrderName, originOrderGid: attempt.originOrderGid, currency: attempt.currency, amountMinor: attempt.amountMinor,
    customerGid: attempt.customer?.gid ?? null, challengeUrl: attempt.challengeUrl, customer: attempt.customer,
    idempotencyKey: webhook.idempotencyKey, paymentMethodGid: attempt.paymentMethodGid,
    errorCode: webhook.errorCode ?? attempt.errorCode ?? (challenged ? "authentication_error" : "unexpected_error"),
    errorMessage: webhook.errorMessage ?? attempt.errorMessage,
  }, webhookId);
}

/**
 * subscription_billing_attempts/success: pays the cycle's renewal, if it had failed before. Most
 * successes are ordinary renewals: one indexed read tells, without asking Shopify.
 */
export async function recordSuccessfulCharge(db: Db, shop: ShopRef, webhook: BillingAttemptWebhook, admin: AdminGraphql, webhookId: string): Promise<RenewalOutcome> {
  const recovering = await db.subscriptionRenewal.count({
    where: { shopId: shop.id, contractGid: webhook.contractGid, OR: [{ outcome: null }, { outcome: { not: "recovered" } }] },
  });
  if (!recovering) return { orderGid: webhook.orderGid ?? undefined };
  const attempt = await attemptOrFail(admin, webhook);
  const orderGid = await settleRenewal(db, shop, {
    contractGid: attempt.contractGid, cycleIndex: attempt.cycleIndex, idempotencyKey: webhook.idempotencyKey,
    paidAt: attempt.completedAt ?? attempt.createdAt, chargeOrderGid: webhook.orderGid,
  }, webhookId);
  return { orderGid: orderGid ?? webhook.orderGid ?? undefined };
}

/** customer_payment_methods/create | update: renewals waiting for a new card are retried now. */
export async function recordPaymentMethodChange(db: Db, shop: RenewalShop, change: PaymentMethodWebhook, now: Date): Promise<RenewalOutcome> {
  const waiting = await db.subscriptionRenewal.findMany({
    where: { shopId: shop.id, customerGid: change.customerGid, outcome: null }, select: { id: true, receivableId: true },
  });
  for (const renewal of waiting) {
    await db.subscriptionRenewal.update({ where: { id: renewal.id }, data: { paymentMethodUpdatedAt: now, customerPaymentMethodGid: change.paymentMethodGid } });
    await planRecovery(db, shop, renewal.receivableId);
  }
  // most changes concern no failed renewal: nothing to say about them
  return { customerGid: change.customerGid };
}

/** subscription_contracts/pause | cancel | expire | fail: the contract's recovering renewals go to the final rule now. */
export async function recordContractEnded(db: Db, shop: RenewalShop, contractGid: string, now: Date): Promise<RenewalOutcome> {
  const recovering = await db.subscriptionRenewal.findMany({ where: { shopId: shop.id, contractGid, outcome: null, contractEndedAt: null }, select: { id: true, receivableId: true } });
  for (const renewal of recovering) {
    await db.subscriptionRenewal.update({ where: { id: renewal.id }, data: { contractEndedAt: now } });
    await planRecovery(db, shop, renewal.receivableId);
  }
  return {};
}
