/**
 * A renewal's failures and its payment, written the same way whoever reports them (Shopify's
 * webhooks, the demo's history): the receivable through the ledger, the recovery row beside it.
 */
import type { Db } from "../../db/client";
import type { CustomerRecord } from "../../adapters/shopify/payloads";
import { asCurrency } from "../../domain/money";
import { renewalKey, renewalSnapshot, type FailedCharge } from "../../domain/renewals";
import { applyOrderSnapshot, recordLedgerFact, type ShopRef } from "../ledger/ledgerStore";
import { decodeSnapshot } from "../ledger/snapshotCodec";
import { isUniqueViolation } from "../ledger/dbErrors";
import { planRecovery, recordRenewalEvent, RETRY_KEY_PREFIX, type RenewalShop } from "./recoveryPlan";

export interface RenewalOutcome {
  orderGid?: string;
  customerGid?: string;
  warning?: string;
}

export interface ChargeFailure extends FailedCharge {
  /** the failed attempt's key: a redelivery, or the same failure reported twice, counts once */
  idempotencyKey: string;
  errorCode: string;
  errorMessage: string | null;
  paymentMethodGid: string | null;
  customer: CustomerRecord | null;
}

/** A failed charge: the renewal owed (made, or its failure counted), and the recovery planned again. */
export async function recordRenewalFailure(db: Db, shop: RenewalShop, failure: ChargeFailure, webhookId?: string): Promise<RenewalOutcome> {
  const key = renewalKey(failure.contractGid, failure.cycleIndex);
  const where = { shopId_contractGid_cycleIndex: { shopId: shop.id, contractGid: failure.contractGid, cycleIndex: failure.cycleIndex } };
  const existing = await db.subscriptionRenewal.findUnique({ where });
  if (existing?.outcome === "recovered") return { orderGid: key, warning: "this renewal was already paid: a late failure of an earlier attempt" };
  // an ended recovery stays as it ended (a cancelled renewal must not reopen)
  if (existing?.outcome) return { orderGid: key, warning: `the recovery of this renewal ended (${existing.outcome}): the failure is not counted` };
  await applyOrderSnapshot(db, shop, renewalSnapshot(failure), { webhookId, customer: failure.customer });
  const receivable = await db.receivable.findUniqueOrThrow({ where: { shopId_orderGid: { shopId: shop.id, orderGid: key } }, select: { id: true } });
  const fields = {
    errorCode: failure.errorCode, errorMessage: failure.errorMessage, customerGid: failure.customerGid, originOrderGid: failure.originOrderGid,
    customerPaymentMethodGid: failure.paymentMethodGid, challengeUrl: failure.challengeUrl,
  };
  const subject = { orderGid: key, customerGid: failure.customerGid ?? undefined };
  if (!existing) {
    try {
      await db.subscriptionRenewal.create({
        data: {
          shopId: shop.id, receivableId: receivable.id, contractGid: failure.contractGid, cycleIndex: failure.cycleIndex, cycleDate: failure.cycleDate,
          ...fields, firstFailedAt: failure.attemptedAt, lastFailedAt: failure.attemptedAt,
        },
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return recordRenewalFailure(db, shop, failure, webhookId);
    }
  }
  // the failure's timeline entry is keyed on the attempt: a redelivery, or the same failure told twice, counts once
  const counted = await recordRenewalEvent(db, {
    shopId: shop.id, orderGid: key, currency: failure.currency, occurredAt: failure.attemptedAt, key: `failed:${failure.idempotencyKey}`, webhookId,
    detail: { event: "failed", errorCode: failure.errorCode, byUs: failure.idempotencyKey.startsWith(RETRY_KEY_PREFIX) },
  });
  if (existing && counted) {
    const ours = existing.retryKey === failure.idempotencyKey;
    await db.subscriptionRenewal.update({
      where: { id: existing.id },
      data: {
        ...fields, failedAttempts: { increment: 1 },
        lastFailedAt: failure.attemptedAt > existing.lastFailedAt ? failure.attemptedAt : existing.lastFailedAt,
        ...(ours ? { retryKey: null, retryClaimedAt: null } : {}),
      },
    });
  }
  // planned again also on a redelivery: one that follows a crash before the plan leaves none unplanned
  await planRecovery(db, shop, receivable.id);
  return subject;
}

export interface ChargeSuccess {
  contractGid: string;
  cycleIndex: number;
  idempotencyKey: string;
  paidAt: Date;
  /** the order Shopify made for the charge */
  chargeOrderGid: string | null;
}

/** A successful charge of a cycle that had failed: the renewal paid, the recovery over. Returns its key, or null when the cycle never failed. */
export async function settleRenewal(db: Db, shop: ShopRef, success: ChargeSuccess, webhookId?: string): Promise<string | null> {
  const renewal = await db.subscriptionRenewal.findUnique({
    where: { shopId_contractGid_cycleIndex: { shopId: shop.id, contractGid: success.contractGid, cycleIndex: success.cycleIndex } },
    include: { receivable: { select: { orderGid: true, outstandingMinor: true, currency: true } } },
  });
  // paid already, or not owed since the contract ended (Shopify takes no charge on an ended contract)
  if (!renewal || (renewal.outcome !== null && renewal.outcome !== "kept")) return null;
  const { orderGid, outstandingMinor, currency } = renewal.receivable;
  if (outstandingMinor > 0n) {
    await recordLedgerFact(db, shop, {
      kind: "payment", key: `renewal-charge:${success.idempotencyKey}`, orderGid, occurredAt: success.paidAt, currency: asCurrency(currency),
      amountMinor: Number(outstandingMinor), outstandingDeltaMinor: -Number(outstandingMinor),
    }, webhookId);
  }
  const byUs = renewal.retryKey === success.idempotencyKey || success.idempotencyKey.startsWith(`${RETRY_KEY_PREFIX}${renewal.id}-`);
  await db.subscriptionRenewal.update({
    where: { id: renewal.id },
    data: { outcome: "recovered", recoveredBy: byUs ? "our_retry" : "subscription_app", recoveredAt: success.paidAt, nextRetryAt: null, retryKey: null, retryClaimedAt: null },
  });
  await recordRenewalEvent(db, {
    shopId: shop.id, orderGid, currency, occurredAt: success.paidAt, key: `recovered:${success.idempotencyKey}`, amountMinor: Number(outstandingMinor), webhookId,
    detail: { event: "recovered", byUs, chargeOrderGid: success.chargeOrderGid },
  });
  return orderGid;
}

export type FinalOutcome = "kept" | "paused" | "cancelled" | "contract_ended";

/** The recovery's end: kept as debt, or (subscription paused, cancelled or ended) no longer owed, as nothing was delivered for it. */
export async function recordFinalOutcome(
  db: Db, shop: ShopRef, renewal: { id: string; receivable: { orderGid: string; currency: string; snapshot: string } }, outcome: FinalOutcome, error: string | null, now: Date,
): Promise<void> {
  await db.subscriptionRenewal.update({ where: { id: renewal.id }, data: { outcome, finalActionAt: now, finalActionError: error, nextRetryAt: null } });
  if (outcome !== "kept") {
    const snapshot = decodeSnapshot(renewal.receivable.snapshot);
    await applyOrderSnapshot(db, shop, { ...snapshot, cancelledAt: now, updatedAt: now > snapshot.updatedAt ? now : snapshot.updatedAt });
  }
  await recordRenewalEvent(db, {
    shopId: shop.id, orderGid: renewal.receivable.orderGid, currency: renewal.receivable.currency, occurredAt: now, key: "final",
    detail: { event: "final", outcome, reason: error },
  });
}
