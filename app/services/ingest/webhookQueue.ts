/**
 * Webhook deliveries are stored before they are answered (the durable queue) and applied after.
 * Shopify's X-Shopify-Webhook-Id is unique, so a redelivery finds its row and changes nothing.
 */
import { backoffMs } from "../../domain/backoff";
import { randomUUID } from "node:crypto";
import { Prisma, databaseKindOf, directQueryOf, type Db } from "../../db/client";
import { setColumnsById, timestampValue } from "../../db/dialect";
import { applyDeliveryBatch, BATCHED_TOPICS } from "./batchDelivery";
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

/** The pause before a failed delivery's next attempt. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  return backoffMs(attempts, FIRST_RETRY_MS, LONGEST_RETRY_MS, random);
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

/**
 * The delivery stored with its shop checked inside the same statement, sent straight to the
 * driver: this is the path Shopify waits on (see directSql.ts for why not the query builder).
 */
const recordStatement = (timestamp: string) => `
  INSERT INTO "WebhookDelivery" ("id", "webhookId", "shopDomain", "topic", "apiVersion", "payload", "status", "attempts", "error", "triggeredAt", "receivedAt", "nextAttemptAt")
  SELECT ?, ?, ?, ?, ?, CASE WHEN k.known THEN ? ELSE ? END, CASE WHEN k.known THEN 'queued' ELSE 'rejected' END, 0,
    CASE WHEN k.known THEN NULL ELSE ? END, ${timestamp}, ${timestamp}, CASE WHEN k.known THEN ${timestamp} ELSE NULL END
  FROM (SELECT (? OR EXISTS (
    SELECT 1 FROM "Shop" WHERE "domain" = ? AND ("uninstalledAt" IS NULL OR ? = 'app/uninstalled')
  )) AS known) AS k
  WHERE true
  ON CONFLICT ("webhookId") DO NOTHING
  RETURNING "status"`;
const RECORD = { sqlite: recordStatement("?"), postgresql: recordStatement("CAST(? AS timestamp(3))") } as const;

export async function recordDelivery(db: Db, delivery: IncomingDelivery, now: Date): Promise<RecordResult> {
  const { webhookId, shopDomain, topic, apiVersion, payload } = delivery;
  const rows = await directQueryOf(db)(RECORD[databaseKindOf(db)], [
    randomUUID(), webhookId, shopDomain, topic, apiVersion, payload, WITHHELD_PAYLOAD,
    `unknown shop ${shopDomain}: the app is not installed there`, delivery.triggeredAt ?? null, now, now,
    isComplianceTopic(topic), shopDomain, topic,
  ]);
  if (rows.length === 0) return "duplicate";
  return rows[0].status === "queued" ? "queued" : "unknown_shop";
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
  return (await claimMany(db, [id], now)).has(id);
}

type StoredDelivery = Awaited<ReturnType<Db["webhookDelivery"]["findUniqueOrThrow"]>>;

export async function processDelivery(db: Db, id: string, context: HandlerContext): Promise<void> {
  const delivery = await db.webhookDelivery.findUnique({ where: { id } });
  if (delivery) await apply(db, delivery, context);
}

/** Claims a delivery read a moment ago and applies it; its payload never changes, so it is not read again. */
async function apply(db: Db, delivery: StoredDelivery, context: HandlerContext): Promise<void> {
  if (await claim(db, delivery.id, context.clock())) await applyClaimed(db, delivery, context);
}

/**
 * Claims deliveries read a moment ago: the ids this worker now holds (another worker's claims are
 * left out). One statement with claimable's conditions and RETURNING (SQLite 3.35+, PostgreSQL).
 */
async function claimMany(db: Db, ids: string[], now: Date): Promise<Set<string>> {
  const stale = new Date(now.getTime() - STALE_CLAIM_MS);
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "WebhookDelivery" SET "status" = 'processing', "claimedAt" = ${timestampValue(db, now)}, "attempts" = "attempts" + 1
    WHERE "id" IN (${Prisma.join(ids)}) AND "attempts" < ${MAX_ATTEMPTS}
      AND (("status" IN ('queued', 'failed') AND "nextAttemptAt" <= ${timestampValue(db, now)})
        OR ("status" = 'processing' AND "claimedAt" < ${timestampValue(db, stale)}))
    RETURNING "id"`;
  return new Set(rows.map((row) => row.id));
}

const DONE_COLUMNS = [
  { name: "status", type: "text" }, { name: "processedAt", type: "timestamp" }, { name: "error", type: "text" },
  { name: "orderGid", type: "text" }, { name: "customerGid", type: "text" },
] as const;

/** Order webhooks and payments of a drain, BATCH at a time; what a batch hands back is applied on its own. */
async function applyInBatches(db: Db, deliveries: StoredDelivery[], context: HandlerContext, stopping: () => boolean, betweenBatches: () => Promise<void>): Promise<void> {
  for (let i = 0; i < deliveries.length && !stopping(); i += BATCH) {
    if (i > 0) await betweenBatches();
    const batch = deliveries.slice(i, i + BATCH);
    const claimed = await claimMany(db, batch.map((d) => d.id), context.clock());
    const mine = batch.filter((d) => claimed.has(d.id));
    if (mine.length === 0) continue;
    const { done, handBack } = await applyDeliveryBatch(db, mine);
    const processedAt = context.clock();
    await setColumnsById(db, "WebhookDelivery", DONE_COLUMNS, done.map(({ delivery, subject }) => ({
      id: delivery.id, values: ["done", processedAt, subject.warning ?? null, subject.orderGid ?? null, subject.customerGid ?? null],
    })));
    for (const delivery of handBack) await applyClaimed(db, delivery, context);
  }
}

/** Deliveries per batch: big enough that the per-query cost is shared, small enough that SQLite's write lock is short. */
const BATCH = 50;

async function applyClaimed(db: Db, delivery: StoredDelivery, context: HandlerContext): Promise<void> {
  const now = context.clock();
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

/**
 * Applies due deliveries in the order they fell due (order webhooks and payments in batches);
 * failed ones come back after their back-off, stale claims are taken over. `stopping`: the process
 * is shutting down; deliveries not yet begun are left for the next pass.
 */
export async function drainQueue(
  db: Db, context: HandlerContext, limit = 500, stopping: () => boolean = () => false, betweenBatches: () => Promise<void> = async () => undefined,
): Promise<number> {
  await handBackUnreleased(db);
  const waiting = await db.webhookDelivery.findMany({
    where: claimable(context.clock()),
    orderBy: [{ nextAttemptAt: "asc" }, { receivedAt: "asc" }],
    take: limit,
  });
  await applyInBatches(db, waiting.filter((d) => BATCHED_TOPICS.has(d.topic)), context, stopping, betweenBatches);
  const single = waiting.filter((d) => !BATCHED_TOPICS.has(d.topic));
  let next = 0;
  const lane = async () => {
    while (next < single.length && !stopping()) await apply(db, single[next++], context);
  };
  await Promise.all(Array.from({ length: PARALLEL_DELIVERIES[databaseKindOf(db)] }, lane));
  return waiting.length;
}
