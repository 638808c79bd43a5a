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
import { AdminUnavailable, isUnavailability } from "../../adapters/shopify/graphql/circuitBreaker";

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

/** What is kept of a delivery for a shop we do not serve: its id, topic, domain and time for support, none of its customer data. */
export const WITHHELD_PAYLOAD = "{\"withheld\":\"the app is not installed on this shop\"}";

/** After this many attempts (about 40 minutes of back-off) a delivery waits for a person's retry or the nightly reconciliation. */
export const MAX_ATTEMPTS = 8;
/** A claim older than this belongs to a worker that died mid-delivery: the delivery is taken over. */
export const STALE_CLAIM_MS = 5 * 60_000;
const FIRST_RETRY_MS = 10_000;
const LONGEST_RETRY_MS = 30 * 60_000;

/** Exponential back-off with jitter (between half and the whole step), so failed deliveries do not return in a herd. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const step = Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);
  return Math.round(step * (0.5 + random() / 2));
}

/** Due deliveries (by their own due time, so one failing delivery never holds up those behind it), and stale claims. */
function claimable(now: Date) {
  return {
    attempts: { lt: MAX_ATTEMPTS },
    OR: [
      { status: { in: ["queued", "failed"] }, nextAttemptAt: { lte: now } },
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
        ...delivery, receivedAt: now, nextAttemptAt: known ? now : null, status: known ? "queued" : "rejected",
        ...(known ? {} : { payload: WITHHELD_PAYLOAD, error: `unknown shop ${delivery.shopDomain}: the app is not installed there` }),
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

/** Deliveries that used up their attempts: the merchant sees them and can send them round again. */
export function exhaustedDeliveries(db: Db, shopDomain: string) {
  return db.webhookDelivery.findMany({
    where: { shopDomain, status: "failed", attempts: { gte: MAX_ATTEMPTS } },
    orderBy: { receivedAt: "desc" }, take: 20, select: { id: true, topic: true, error: true, receivedAt: true },
  });
}

export async function retryExhausted(db: Db, shopDomain: string, now: Date): Promise<number> {
  const retried = await db.webhookDelivery.updateMany({
    where: { shopDomain, status: "failed", attempts: { gte: MAX_ATTEMPTS } },
    data: { status: "queued", attempts: 0, nextAttemptAt: now },
  });
  return retried.count;
}

/** Topics whose effect a full reconciliation (every open order read back) restores. */
const HEALED_BY_RECONCILIATION = ["orders/create", "orders/updated", "orders/paid", "orders/cancelled", "order_transactions/create", "refunds/create",
  "payment_terms/create", "payment_terms/update", "payment_terms/delete", "payment_schedules/due"];

/** After a full reconciliation that started at `since`: what gave up before it is in the ledger now. */
export async function healExhausted(db: Db, shopDomain: string, since: Date, now: Date): Promise<number> {
  const healed = await db.webhookDelivery.updateMany({
    where: { shopDomain, status: "failed", attempts: { gte: MAX_ATTEMPTS }, topic: { in: HEALED_BY_RECONCILIATION }, receivedAt: { lt: since } },
    data: { status: "done", processedAt: now, error: `healed by the reconciliation of ${since.toISOString()}` },
  });
  return healed.count;
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
    // Shopify away (a 5xx, no answer, or its circuit open) says nothing about the delivery: it waits
    // for Shopify without using up an attempt, so a long outage never makes it give up
    const waitForShopify = isUnavailability(error);
    try {
      await db.webhookDelivery.update({
        where: { id },
        data: {
          status: permanent ? "rejected" : "failed",
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          nextAttemptAt: permanent ? null : error instanceof AdminUnavailable ? error.retryAt : new Date(now.getTime() + retryDelayMs(delivery.attempts + 1)),
          ...(waitForShopify ? { attempts: { decrement: 1 } } : {}),
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
    await db.webhookDelivery.updateMany({ where: { id, status: "processing", claimedAt }, data: { status: "queued", nextAttemptAt: claimedAt } });
    unreleasedOf(db).delete(id);
  }
}

/**
 * On PostgreSQL a worker applies several deliveries at once (each waits on its own round trips);
 * that is as safe as several workers: the ledger does not depend on delivery order and each
 * receivable is recomputed under its lock. SQLite's driver runs one statement at a time anyway.
 */
export const PARALLEL_DELIVERIES = { postgresql: 8, sqlite: 1 } as const;

/** Applies due deliveries in the order they fell due; failed ones come back after their back-off, stale claims are taken over. */
export async function drainQueue(db: Db, context: HandlerContext, limit = 500): Promise<number> {
  await handBackUnreleased(db);
  const waiting = await db.webhookDelivery.findMany({
    where: claimable(context.clock()),
    orderBy: [{ nextAttemptAt: "asc" }, { receivedAt: "asc" }],
    take: limit,
  });
  let next = 0;
  const lane = async () => {
    while (next < waiting.length) await apply(db, waiting[next++], context);
  };
  await Promise.all(Array.from({ length: PARALLEL_DELIVERIES[databaseKindOf(db)] }, lane));
  return waiting.length;
}
