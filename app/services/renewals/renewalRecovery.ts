/**
 * The recovery pass of the scheduler's tick: each renewal whose next step is due gets it: a retry
 * of the charge, Shopify's payment method update email, or the merchant's final rule. Every step
 * is claimed first (a conditional update on the renewal), so two processes never take the same
 * step; a retry's idempotency key is fixed by renewal and retry number, so even a call repeated
 * after a crash is one attempt at Shopify.
 */
import type { Db, Prisma } from "../../db/client";
import type { AdminGraphql } from "../../adapters/shopify/graphql/client";
import { isUnavailability } from "../../adapters/shopify/graphql/circuitBreaker";
import { endContract, retryBillingCycle, sendPaymentMethodUpdateEmail } from "../../adapters/shopify/graphql/subscriptions";
import { policyOf } from "../../domain/renewals";
import { planRecovery, recordRenewalEvent, RETRY_ANSWER_MS, RETRY_KEY_PREFIX, stepOf, type RenewalShop } from "./recoveryPlan";
import { recordFinalOutcome } from "./renewalLedger";
import type { AdminLookup } from "../followUp/shopifyRecheck";

export interface RecoveryCounts {
  retried: number;
  updateEmails: number;
  ended: number;
  /** paid or cancelled another way (a bank transfer, the customer page): the recovery stopped */
  settledElsewhere: number;
  /** Shopify could not be reached: the step waits */
  postponed: number;
}

const BATCH = 100;
/** Shopify away: the step is tried again this much later (the circuit breaker may say sooner). */
const AWAY_MS = 60 * 60_000;

type DueRenewal = Awaited<ReturnType<typeof dueRenewals>>[number];
/** a timeline entry on the renewal, once per key */
type Event = (key: string, detail: { event: string } & Record<string, unknown>) => Promise<boolean>;

function dueRenewals(db: Db, now: Date, batch: number) {
  return db.subscriptionRenewal.findMany({
    // an uninstalled shop's renewals wait, without holding up the others' in the batch
    where: { outcome: null, nextRetryAt: { lte: now }, receivable: { shop: { uninstalledAt: null } } },
    include: { receivable: { select: { status: true, orderGid: true, currency: true, snapshot: true } } },
    orderBy: [{ nextRetryAt: "asc" }, { id: "asc" }], take: batch,
  });
}

export async function runRenewalRecovery(db: Db, adminOf: AdminLookup, now: Date, batch = BATCH): Promise<RecoveryCounts> {
  const counts: RecoveryCounts = { retried: 0, updateEmails: 0, ended: 0, settledElsewhere: 0, postponed: 0 };
  const due = await dueRenewals(db, now, batch);
  if (!due.length) return counts;
  const shops = new Map((await db.shop.findMany({ where: { id: { in: [...new Set(due.map((r) => r.shopId))] }, uninstalledAt: null } })).map((s) => [s.id, s]));
  for (const renewal of due) {
    const shop = shops.get(renewal.shopId);
    if (!shop) continue;
    try {
      await recoverOne(db, shop, renewal, adminOf, now, counts);
    } catch (error) {
      // one shop's Shopify away (or refusing) holds up neither the others nor this renewal for long
      if (!isUnavailability(error)) console.error(`renewal ${renewal.id} of ${shop.domain}:`, (error as Error).message);
      counts.postponed++;
      const retryAt = (error as { retryAt?: Date }).retryAt ?? new Date(now.getTime() + AWAY_MS);
      await db.subscriptionRenewal.update({ where: { id: renewal.id }, data: { nextRetryAt: retryAt } });
    }
  }
  return counts;
}

/** Takes the step only if nobody changed the renewal since it was read: the claim between processes. */
async function claim(db: Db, renewal: DueRenewal, data: Prisma.SubscriptionRenewalUpdateManyMutationInput): Promise<boolean> {
  const { count } = await db.subscriptionRenewal.updateMany({
    where: { id: renewal.id, outcome: null, nextRetryAt: renewal.nextRetryAt, retryKey: renewal.retryKey, retriesSent: renewal.retriesSent },
    data,
  });
  return count === 1;
}

async function recoverOne(db: Db, shop: RenewalShop & { isDemo: boolean }, renewal: DueRenewal, adminOf: AdminLookup, now: Date, counts: RecoveryCounts) {
  const { receivable } = renewal;
  const event: Event = (key, detail) =>
    recordRenewalEvent(db, { shopId: shop.id, orderGid: receivable.orderGid, currency: receivable.currency, occurredAt: now, key, detail });
  if (receivable.status !== "open") {
    const outcome = receivable.status === "paid" ? "recovered" : "cancelled";
    if (await claim(db, renewal, { outcome, recoveredBy: outcome === "recovered" ? "other_payment" : null, recoveredAt: outcome === "recovered" ? now : null, nextRetryAt: null })) counts.settledElsewhere++;
    return;
  }
  if (renewal.retryKey !== null) {
    // our retry went unanswered for a day: counted as failed, and the recovery goes on
    if (await claim(db, renewal, { retryKey: null, retryClaimedAt: null, lastFailedAt: now })) {
      await event(`unanswered:${renewal.retryKey}`, { event: "retry_unanswered" });
      await planRecovery(db, shop, renewal.receivableId);
    }
    return;
  }
  const step = stepOf(shop, renewal);
  if (step.kind === "none" || step.at > now) {
    await claim(db, renewal, { nextRetryAt: step.kind === "none" ? null : step.at });
    return;
  }
  const admin = await adminOf(shop);
  if (!admin) {
    // no Shopify behind the shop (the demo): reminders alone follow the renewal up
    await claim(db, renewal, { nextRetryAt: null });
    return;
  }
  if (step.kind === "retry") await retry(db, shop, renewal, admin, now, counts, event);
  else if (step.kind === "update_email") await askForUpdate(db, shop, renewal, admin, now, counts, event);
  else await end(db, shop, renewal, admin, now, counts);
}

async function retry(db: Db, shop: RenewalShop, renewal: DueRenewal, admin: AdminGraphql, now: Date, counts: RecoveryCounts, event: Event) {
  const number = renewal.retriesSent + 1;
  const key = `${RETRY_KEY_PREFIX}${renewal.id}-${number}`;
  if (!(await claim(db, renewal, { retryKey: key, retryClaimedAt: now, retriesSent: number, nextRetryAt: new Date(now.getTime() + RETRY_ANSWER_MS) }))) return;
  let outcome;
  try {
    outcome = await retryBillingCycle(admin, renewal.contractGid, renewal.cycleIndex, key);
  } catch (error) {
    // not sent: the claim is given back, the same key is used when Shopify is back
    await db.subscriptionRenewal.update({ where: { id: renewal.id }, data: { retryKey: null, retryClaimedAt: null, retriesSent: renewal.retriesSent } });
    throw error;
  }
  if (outcome.ok) {
    counts.retried++;
    await event(`retry:${number}`, { event: "retry_sent", retry: number });
    return;
  }
  // Shopify refused (the contract was paused or cancelled meanwhile, the cycle skipped): counted as a failed try
  await db.subscriptionRenewal.update({ where: { id: renewal.id }, data: { retryKey: null, retryClaimedAt: null, lastFailedAt: now } });
  await event(`retry:${number}`, { event: "retry_refused", retry: number, reason: outcome.message });
  await planRecovery(db, shop, renewal.receivableId);
}

async function askForUpdate(db: Db, shop: RenewalShop, renewal: DueRenewal, admin: AdminGraphql, now: Date, counts: RecoveryCounts, event: Event) {
  if (!(await claim(db, renewal, { updateEmailSentAt: now }))) return;
  let outcome;
  try {
    outcome = await sendPaymentMethodUpdateEmail(admin, renewal.customerPaymentMethodGid!);
  } catch (error) {
    await db.subscriptionRenewal.update({ where: { id: renewal.id }, data: { updateEmailSentAt: null } });
    throw error;
  }
  if (outcome.ok) counts.updateEmails++;
  await event("update_email", outcome.ok ? { event: "update_email" } : { event: "update_email_refused", reason: outcome.message });
  await planRecovery(db, shop, renewal.receivableId);
}

/**
 * The merchant's final rule. Paused or cancelled, the renewal is not owed (nothing was delivered
 * for it); kept, it stays as debt. A contract that ended meanwhile is not ended twice.
 */
async function end(db: Db, shop: RenewalShop, renewal: DueRenewal, admin: AdminGraphql, now: Date, counts: RecoveryCounts) {
  const action = policyOf(shop).finalAction;
  const endedElsewhere = renewal.contractEndedAt !== null;
  if (!(await claim(db, renewal, { nextRetryAt: null, finalActionAt: now }))) return;
  const result = action === "keep" || endedElsewhere ? { ok: true as const } : await endContract(admin, renewal.contractGid, action).catch(async (error) => {
    await db.subscriptionRenewal.update({ where: { id: renewal.id }, data: { finalActionAt: null, nextRetryAt: renewal.nextRetryAt } });
    throw error;
  });
  const notOwed = action !== "keep" && result.ok;
  const outcome = !notOwed ? "kept" : endedElsewhere ? "contract_ended" : action === "pause" ? "paused" : "cancelled";
  await recordFinalOutcome(db, shop, renewal, outcome, result.ok ? null : result.message, now);
  counts.ended++;
}
