/**
 * Webhook deliveries are stored before they are answered (the durable queue) and applied after.
 * Shopify's X-Shopify-Webhook-Id is unique, so a redelivery finds its row and changes nothing.
 */
import { databaseKindOf, type Db } from "../../db/client";
import { isComplianceTopic } from "../../adapters/shopify/topics";
import { PayloadError } from "../../adapters/shopify/json";
import { LedgerError } from "../../domain/ledger";
import { isUniqueViolation } from "../ledger/dbErrors";
import { handleDelivery, type HandlerContext } from "./handleDelivery";

export interface IncomingDelivery {
  webhookId: string;
  shopDomain: string;
  topic: string;
  apiVersion: string;
  payload: string;
  /** X-Shopify-Triggered-At: when the event happened at Shopify */
  triggeredAt?: Date | null;
}

export type RecordResult = "queued" | "duplicate" | "unknown_shop";

export const MAX_ATTEMPTS = 5;
/** A claim older than this belongs to a worker that died mid-delivery: the delivery is taken over. */
export const STALE_CLAIM_MS = 5 * 60_000;
const RETRY_AFTER_MS = 60_000;

function claimable(now: Date) {
  return {
    attempts: { lt: MAX_ATTEMPTS },
    OR: [
      { status: "queued" },
      { status: "failed", claimedAt: { lt: new Date(now.getTime() - RETRY_AFTER_MS) } },
      { status: "processing", claimedAt: { lt: new Date(now.getTime() - STALE_CLAIM_MS) } },
    ],
  };
}

export async function recordDelivery(db: Db, delivery: IncomingDelivery, now: Date): Promise<RecordResult> {
  const shop = await db.shop.findUnique({ where: { domain: delivery.shopDomain }, select: { uninstalledAt: true } });
  // Compliance requests must be honoured even for shops that already left.
  const known = isComplianceTopic(delivery.topic)
    || (Boolean(shop) && (!shop!.uninstalledAt || delivery.topic === "app/uninstalled"));
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

/**
 * A signed delivery we cannot read is stored as rejected, once, for the merchant and support to
 * see. NUL characters (which PostgreSQL text refuses) are kept visible as \u0000.
 */
export async function recordRejectedDelivery(db: Db, delivery: IncomingDelivery, error: string, now: Date): Promise<void> {
  const visible = (text: string) => text.replaceAll("\u0000", "\\u0000");
  try {
    await db.webhookDelivery.create({
      data: { ...delivery, payload: visible(delivery.payload), receivedAt: now, status: "rejected", error: visible(error) },
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
}

/** Takes a delivery for this worker only; another worker's claim makes this one step aside. */
async function claim(db: Db, id: string, now: Date): Promise<boolean> {
  const claimed = await db.webhookDelivery.updateMany({
    where: { id, ...claimable(now) },
    data: { status: "processing", claimedAt: now, attempts: { increment: 1 } },
  });
  return claimed.count === 1;
}

type StoredDelivery = Awaited<ReturnType<Db["webhookDelivery"]["findUniqueOrThrow"]>>;

export async function processDelivery(db: Db, id: string, context: HandlerContext): Promise<void> {
  const delivery = await db.webhookDelivery.findUnique({ where: { id } });
  if (delivery) await apply(db, delivery, context);
}

/** Claims a delivery read a moment ago and applies it; its payload never changes, so it is not read again. */
async function apply(db: Db, delivery: StoredDelivery, context: HandlerContext): Promise<void> {
  const now = context.clock();
  if (!(await claim(db, delivery.id, now))) return;
  const { id } = delivery;
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
    try {
      await db.webhookDelivery.update({
        where: { id },
        data: {
          status: permanent ? "rejected" : "failed",
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        },
      });
    } catch {
      // the database is away: hand the delivery back once it answers, not when the claim turns stale
      unreleasedOf(db).set(id, now);
    }
  }
}

/** Per database: deliveries this process claimed but could not hand back, with the claim's time. */
const unreleased = new WeakMap<Db, Map<string, Date>>();

function unreleasedOf(db: Db): Map<string, Date> {
  return unreleased.get(db) ?? unreleased.set(db, new Map()).get(db)!;
}

/** Puts back in the queue what this process still holds from a moment the database was away. */
async function handBackUnreleased(db: Db): Promise<void> {
  for (const [id, claimedAt] of unreleasedOf(db)) {
    // only our own claim: a worker that took the delivery over since keeps it
    await db.webhookDelivery.updateMany({ where: { id, status: "processing", claimedAt }, data: { status: "queued" } });
    unreleasedOf(db).delete(id);
  }
}

/**
 * On PostgreSQL a worker applies several deliveries at once (each waits on its own round trips);
 * that is as safe as several workers: the ledger does not depend on delivery order and each
 * receivable is recomputed under its lock. SQLite's driver runs one statement at a time anyway.
 */
export const PARALLEL_DELIVERIES = { postgresql: 8, sqlite: 1 } as const;

/** Applies waiting deliveries oldest first; failed ones are retried after a pause, stale claims taken over. */
export async function drainQueue(db: Db, context: HandlerContext, limit = 500): Promise<number> {
  await handBackUnreleased(db);
  const waiting = await db.webhookDelivery.findMany({
    where: claimable(context.clock()),
    orderBy: { receivedAt: "asc" },
    take: limit,
  });
  let next = 0;
  const lane = async () => {
    while (next < waiting.length) await apply(db, waiting[next++], context);
  };
  await Promise.all(Array.from({ length: PARALLEL_DELIVERIES[databaseKindOf(db)] }, lane));
  return waiting.length;
}
