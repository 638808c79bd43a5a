import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { drainQueue, exhaustedDeliveries, healExhausted, MAX_ATTEMPTS, recordDelivery, retryExhausted, STALE_CLAIM_MS } from "../../app/services/ingest/webhookQueue";
import type { HandlerContext } from "../../app/services/ingest/handleDelivery";
import { freshDatabaseUrl } from "../support/appServer";
import { newOrderId, orderPayload } from "../support/orders";

const DOMAIN = "dunly-queue.myshopify.com";
let db: Db;
let now = new Date("2026-11-23T08:00:00Z");
const context: HandlerContext = { clock: () => now, adminFor: async () => null };
const later = (ms: number) => (now = new Date(now.getTime() + ms));

beforeAll(async () => {
  db = createDb(freshDatabaseUrl("queue", inject("databaseKind")));
  await db.shop.create({ data: { domain: DOMAIN, name: "Queue", currency: "EUR", installedAt: now } });
});
afterAll(async () => {
  await db.$disconnect();
});

const order = () => orderPayload({ id: newOrderId(), total: "10.00", outstanding: "10.00", financialStatus: "pending", updatedAt: now });

describe("the webhook queue (injected clock)", () => {
  it("a delivery a dead worker left in processing is taken over after the stale-claim time", async () => {
    await recordDelivery(db, { webhookId: "stale-1", shopDomain: DOMAIN, topic: "orders/create", apiVersion: "2025-10", payload: order() }, now);
    await db.webhookDelivery.update({ where: { webhookId: "stale-1" }, data: { status: "processing", claimedAt: now, attempts: 1 } });
    later(STALE_CLAIM_MS - 1000);
    expect(await drainQueue(db, context)).toBe(0);
    later(2000);
    expect(await drainQueue(db, context)).toBe(1);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: "stale-1" } })).toMatchObject({ status: "done", attempts: 2 });
    expect(await db.receivable.count()).toBe(1);
  });

  it("a delivery held while the database went away is handed back once it answers, not after the stale-claim time", async () => {
    // the same client, but while `away` (after the claim) every ledger write, transaction, bulk write and the delivery's own status update fail
    let away = false;
    const lost = () => Promise.reject(new Error("Connection terminated unexpectedly"));
    const failing = (delegate: object, methods: (name: string) => boolean) => new Proxy(delegate, {
      get: (target, name) => (away && typeof name === "string" && methods(name) ? lost : Reflect.get(target, name)),
    });
    const flaky = new Proxy(db, {
      get(target, name) {
        const value = Reflect.get(target, name);
        if (name === "receivable") return failing(value, () => true);
        if (away && (name === "$transaction" || name === "$executeRaw")) return lost;
        if (name === "webhookDelivery") return failing(value, (method) => method === "update");
        return value;
      },
    }) as Db;
    await recordDelivery(db, { webhookId: "away-1", shopDomain: DOMAIN, topic: "orders/create", apiVersion: "2025-10", payload: order() }, now);
    away = true;
    await drainQueue(flaky, context);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: "away-1" } })).toMatchObject({ status: "processing", attempts: 1 });
    away = false;
    later(1000);
    await drainQueue(flaky, context);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: "away-1" } })).toMatchObject({ status: "done", attempts: 2 });
  });

  it("a delivery that cannot reach the Admin API fails, is retried later, and gives up after the last attempt", async () => {
    const payload = JSON.stringify({ id: 42, payment_terms_name: "Net 30", payment_terms_type: "net", due_in_days: 30, payment_schedules: [] });
    await recordDelivery(db, { webhookId: "retry-1", shopDomain: DOMAIN, topic: "payment_terms/update", apiVersion: "2025-10", payload }, now);
    await drainQueue(db, context);
    const failed = await db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: "retry-1" } });
    expect(failed).toMatchObject({ status: "failed", attempts: 1 });
    expect(failed.error).toMatch(/no Admin API access/);
    expect(await drainQueue(db, context)).toBe(0); // not again at once
    const waits: number[] = [];
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
      const { nextAttemptAt } = await db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: "retry-1" } });
      waits.push(nextAttemptAt!.getTime() - now.getTime());
      later(nextAttemptAt!.getTime() - now.getTime() - 1);
      expect(await drainQueue(db, context)).toBe(0); // a moment early: still waiting
      later(1);
      expect(await drainQueue(db, context)).toBe(1);
    }
    // exponential back-off with jitter: each wait within [half, whole] of 10 s x 2^(n-1)
    waits.forEach((wait, i) => {
      expect(wait).toBeGreaterThanOrEqual(5_000 * 2 ** i);
      expect(wait).toBeLessThanOrEqual(10_000 * 2 ** i);
    });
    later(60 * 60_000);
    expect(await drainQueue(db, context)).toBe(0);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: "retry-1" } })).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });

    // given up: the merchant sees it and can send it round again
    expect((await exhaustedDeliveries(db, DOMAIN)).map((d) => d.topic)).toEqual(["payment_terms/update"]);
    expect(await retryExhausted(db, DOMAIN, now)).toBe(1);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: "retry-1" } })).toMatchObject({ status: "queued", attempts: 0 });
    expect(await drainQueue(db, context)).toBe(1);
    // ...and when it gives up again, the next full reconciliation covers it (the order was read back)
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
      later(60 * 60_000);
      await drainQueue(db, context);
    }
    expect(await exhaustedDeliveries(db, DOMAIN)).toHaveLength(1);
    expect(await healExhausted(db, DOMAIN, now, now)).toBe(1);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: "retry-1" } })).toMatchObject({ status: "done", error: `healed by the reconciliation of ${now.toISOString()}` });
  });

  it("one failing delivery never holds up those behind it: the queue takes deliveries by their own due time", async () => {
    const failing = JSON.stringify({ id: 43, payment_terms_name: "Net 30", payment_terms_type: "net", due_in_days: 30, payment_schedules: [] });
    await recordDelivery(db, { webhookId: "blocker-1", shopDomain: DOMAIN, topic: "payment_terms/update", apiVersion: "2025-10", payload: failing }, now);
    await drainQueue(db, context);
    later(1_000);
    const before = await db.receivable.count();
    for (let i = 0; i < 5; i++) await recordDelivery(db, { webhookId: `behind-${i}`, shopDomain: DOMAIN, topic: "orders/create", apiVersion: "2025-10", payload: order() }, now);
    expect(await drainQueue(db, context)).toBe(5);
    expect(await db.receivable.count()).toBe(before + 5);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: "blocker-1" } })).toMatchObject({ status: "failed", attempts: 1 });
  });

  it("compliance requests for a shop we hold nothing of are accepted and recorded", async () => {
    const result = await recordDelivery(db, { webhookId: "gdpr-gone", shopDomain: "long-gone.myshopify.com", topic: "shop/redact", apiVersion: "2025-10", payload: '{"shop_id":1,"shop_domain":"long-gone.myshopify.com"}' }, now);
    expect(result).toBe("queued");
    await drainQueue(db, context);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: "gdpr-gone" } })).toMatchObject({ status: "done" });
    const redact = '{"shop_id":1,"shop_domain":"long-gone.myshopify.com","customer":{"id":1,"email":"a@b.c"},"orders_to_redact":[]}';
    await recordDelivery(db, { webhookId: "gdpr-gone-2", shopDomain: "long-gone.myshopify.com", topic: "customers/redact", apiVersion: "2025-10", payload: redact }, now);
    await drainQueue(db, context);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: "gdpr-gone-2" } })).toMatchObject({ status: "done", error: "no data held for long-gone.myshopify.com" });
    expect(await db.complianceRequest.count({ where: { shopDomain: "long-gone.myshopify.com" } })).toBe(2);
  });
});
