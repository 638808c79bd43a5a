/**
 * Webhook deliveries are stored before they are answered (the durable queue) and applied after.
 * Shopify's X-Shopify-Webhook-Id is unique, so a redelivery finds its row and changes nothing.
 */
import type { Db } from "../db/client";
import { isComplianceTopic } from "../adapters/shopify/topics";
import { PayloadError } from "../adapters/shopify/json";
import { LedgerError } from "../domain/ledger";
import { isUniqueViolation } from "./dbErrors";
import { handleDelivery, type HandlerContext } from "./handleDelivery";

export interface IncomingDelivery {
  webhookId: string;
  shopDomain: string;
  topic: string;
  apiVersion: string;
  payload: string;
}

export type RecordResult = "queued" | "duplicate" | "unknown_shop";

export const MAX_ATTEMPTS = 5;

export async function recordDelivery(db: Db, delivery: IncomingDelivery, now: Date): Promise<RecordResult> {
  const shop = await db.shop.findUnique({ where: { domain: delivery.shopDomain }, select: { uninstalledAt: true } });
  // Compliance requests must be honoured even for shops that already left.
  const known = Boolean(shop) && (!shop!.uninstalledAt || isComplianceTopic(delivery.topic) || delivery.topic === "app/uninstalled");
  try {
    await db.webhookDelivery.create({
      data: {
        ...delivery, receivedAt: now, status: known ? "queued" : "rejected",
        error: known ? null : `unknown shop ${delivery.shopDomain}: the app is not installed there`,
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) return "duplicate";
    throw error;
  }
  return known ? "queued" : "unknown_shop";
}

/** A signed delivery we cannot read is stored as rejected, once, for the merchant and support to see. */
export async function recordRejectedDelivery(db: Db, delivery: IncomingDelivery, error: string, now: Date): Promise<void> {
  try {
    await db.webhookDelivery.create({ data: { ...delivery, receivedAt: now, status: "rejected", error } });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
}

/** Takes a delivery for this worker only; another worker's claim makes this one step aside. */
async function claim(db: Db, id: string, now: Date): Promise<boolean> {
  const claimed = await db.webhookDelivery.updateMany({
    where: { id, status: { in: ["queued", "failed"] }, attempts: { lt: MAX_ATTEMPTS } },
    data: { status: "processing", claimedAt: now, attempts: { increment: 1 } },
  });
  return claimed.count === 1;
}

export async function processDelivery(db: Db, id: string, context: HandlerContext): Promise<void> {
  const now = context.clock();
  if (!(await claim(db, id, now))) return;
  const delivery = await db.webhookDelivery.findUniqueOrThrow({ where: { id } });
  try {
    const subject = await handleDelivery(db, delivery, context);
    await db.webhookDelivery.update({
      where: { id },
      data: { status: "done", processedAt: context.clock(), error: subject.warning ?? null,
        orderGid: subject.orderGid ?? null, customerGid: subject.customerGid ?? null },
    });
  } catch (error) {
    // Bad content will not get better by retrying; anything else (database, network) may.
    const permanent = error instanceof PayloadError || error instanceof LedgerError;
    await db.webhookDelivery.update({
      where: { id },
      data: {
        status: permanent ? "rejected" : "failed",
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      },
    });
  }
}

/** Applies waiting deliveries oldest first; failed ones are retried after a back-off. */
export async function drainQueue(db: Db, context: HandlerContext, limit = 500): Promise<number> {
  const now = context.clock();
  const retryBefore = new Date(now.getTime() - 60_000);
  const waiting = await db.webhookDelivery.findMany({
    where: {
      OR: [
        { status: "queued" },
        { status: "failed", attempts: { lt: MAX_ATTEMPTS }, claimedAt: { lt: retryBefore } },
      ],
    },
    orderBy: { receivedAt: "asc" },
    take: limit,
    select: { id: true },
  });
  for (const { id } of waiting) await processDelivery(db, id, context);
  return waiting.length;
}
