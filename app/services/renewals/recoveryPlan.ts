/** When a renewal's recovery acts next (the domain decides; this stores it), and its timeline entries. */
import type { Db } from "../../db/client";
import { nextRecoveryStep, policyOf, type RecoveryState, type RecoveryStep } from "../../domain/renewals";
import type { ShopRef } from "../ledger/ledgerStore";
import { recordTimelineEntry } from "../ledger/timeline";

export interface RenewalShop extends ShopRef {
  domain: string;
  renewalRetryDays: string;
  renewalFinalAction: string;
}

/** Our retries' idempotency keys start so: a success or failure webhook tells whose attempt it was. */
export const RETRY_KEY_PREFIX = "dunly-renewal-";

export interface RenewalRow {
  errorCode: string;
  firstFailedAt: Date;
  lastFailedAt: Date;
  retriesSent: number;
  retryKey: string | null;
  paymentMethodUpdatedAt: Date | null;
  updateEmailSentAt: Date | null;
  customerPaymentMethodGid: string | null;
  contractEndedAt: Date | null;
}

function recoveryState(row: RenewalRow): RecoveryState {
  return {
    errorCode: row.errorCode, firstFailedAt: row.firstFailedAt, lastFailedAt: row.lastFailedAt, retriesSent: row.retriesSent,
    retryInFlight: row.retryKey !== null, paymentMethodUpdatedAt: row.paymentMethodUpdatedAt, updateEmailSentAt: row.updateEmailSentAt,
    hasPaymentMethod: row.customerPaymentMethodGid !== null, contractEndedAt: row.contractEndedAt,
  };
}

/** How long a retry of ours may go unanswered before it counts as failed (Shopify answers within minutes). */
export const RETRY_ANSWER_MS = 24 * 60 * 60_000;

export function stepOf(shop: RenewalShop, row: RenewalRow): RecoveryStep {
  return nextRecoveryStep(policyOf(shop), recoveryState(row));
}

/** Stores when the recovery of a still-recovering renewal acts next. */
export async function planRecovery(db: Db, shop: RenewalShop, receivableId: string): Promise<void> {
  const row = await db.subscriptionRenewal.findUnique({ where: { receivableId } });
  if (!row || row.outcome !== null) return;
  const step = stepOf(shop, row);
  // a retry in flight is looked at again when its answer is overdue
  const nextRetryAt = step.kind === "none" ? new Date((row.retryClaimedAt ?? row.lastFailedAt).getTime() + RETRY_ANSWER_MS) : step.at;
  await db.subscriptionRenewal.update({ where: { id: row.id }, data: { nextRetryAt } });
}

export interface RenewalEvent {
  shopId: string;
  /** the renewal's receivable key */
  orderGid: string;
  currency: string;
  occurredAt: Date;
  /** what makes the entry count once (an attempt's idempotency key, a retry number) */
  key: string;
  detail: { event: string } & Record<string, unknown>;
  amountMinor?: number;
  webhookId?: string;
}

/** true when written, false when the entry was already there */
export async function recordRenewalEvent(db: Db, event: RenewalEvent): Promise<boolean> {
  return recordTimelineEntry(db, {
    shopId: event.shopId, orderGid: event.orderGid, kind: "renewal", sourceKey: `renewal:${event.orderGid}:${event.key}`,
    amountMinor: event.amountMinor ?? 0, currency: event.currency, occurredAt: event.occurredAt, webhookId: event.webhookId, detail: event.detail,
  });
}
