/**
 * Isolation in the webhook queue: Shopify's Admin API answers 503 for ten minutes of simulated time
 * while 2,000 mixed deliveries arrive. The 1,800 that do not need the Admin API are applied at once;
 * the 200 payment-terms deliveries (which read their order back) wait behind the shop's circuit
 * breaker without using up their attempts, and catch up once Shopify is back. Nothing is lost or
 * applied twice. The Admin API is the local server that speaks its wire format.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { drainQueue, recordDelivery } from "../../app/services/ingest/webhookQueue";
import type { HandlerContext } from "../../app/services/ingest/handleDelivery";
import { createAdminClient } from "../../app/adapters/shopify/graphql/client";
import { resetCircuitBreakers, withCircuitBreaker } from "../../app/adapters/shopify/graphql/circuitBreaker";
import type { OrderNode } from "../../app/adapters/shopify/graphql/orders";
import { seededRandom } from "../../app/domain/seededRandom";
import { freshDatabaseUrl } from "../support/appServer";
import { newOrderId, orderPayload } from "../support/orders";

const adminOrigin = inject("adminOrigin");
const DOMAIN = "dunly-outage.myshopify.com";
const TOKEN = "shpat_outage";
let db: Db;
let now = new Date("2026-11-23T08:00:00Z");
const MINUTE = 60_000;

const context: HandlerContext = {
  clock: () => now,
  adminFor: async (shop) => withCircuitBreaker(shop, createAdminClient({ shop, accessToken: TOKEN, apiVersion: "2025-10", origin: adminOrigin, maxAttempts: 1 }), () => now.getTime()),
};

function termsOrder(n: number): OrderNode {
  const issued = "2026-11-01T10:00:00Z";
  return {
    id: `gid://shopify/Order/${7_000_000 + n}`, name: `#O${n}`, createdAt: issued, processedAt: issued, updatedAt: "2026-11-22T10:00:00Z",
    cancelledAt: null, test: false, displayFinancialStatus: "PENDING", customerLocale: "nl", statusPageUrl: null, paymentCollectionDetails: null,
    currentTotalPriceSet: { shopMoney: { amount: "50.00", currencyCode: "EUR" } }, totalOutstandingSet: { shopMoney: { amount: "50.00", currencyCode: "EUR" } },
    paymentTerms: { id: `gid://shopify/PaymentTerms/${8_000_000 + n}`, paymentTermsName: "Net 30", paymentTermsType: "NET", dueInDays: 30,
      paymentSchedules: { nodes: [{ dueAt: "2026-12-01T10:00:00Z", completedAt: null }] } },
    customer: null,
  };
}

const TERMS = Array.from({ length: 200 }, (_, n) => termsOrder(n));
async function shopify(down: boolean) {
  await fetch(`${adminOrigin}/__fake/state`, { method: "PUT", body: JSON.stringify({
    accessToken: TOKEN, shop: { name: "Outage", currencyCode: "EUR", myshopifyDomain: DOMAIN }, orders: TERMS,
    ...(down ? { failNext: { status: 503, count: 1_000_000 } } : {}),
  }) });
}

beforeAll(async () => {
  db = createDb(freshDatabaseUrl("outage", inject("databaseKind")));
  await db.shop.create({ data: { domain: DOMAIN, name: "Outage", currency: "EUR", installedAt: now } });
  resetCircuitBreakers();
});
afterAll(async () => {
  await db.$disconnect();
  resetCircuitBreakers();
});

const count = (where: object) => db.webhookDelivery.count({ where: { shopDomain: DOMAIN, ...where } });

describe("the Admin API down for ten minutes", () => {
  it("work that does not need it flows at full speed, the rest catches up afterwards, nothing lost or doubled", { timeout: 300_000 }, async () => {
    await shopify(true);
    const random = seededRandom(13);
    const deliveries = [
      ...Array.from({ length: 1_800 }, (_, i) => ({ webhookId: `order-${i}`, topic: "orders/create", payload: orderPayload({ id: newOrderId(), total: "20.00", outstanding: "20.00", financialStatus: "pending", updatedAt: now }) })),
      ...TERMS.map((node, i) => ({ webhookId: `terms-${i}`, topic: "payment_terms/update", payload: JSON.stringify({ id: 8_000_000 + i, admin_graphql_api_id: node.paymentTerms!.id, payment_terms_name: "Net 30", payment_terms_type: "net", due_in_days: 30, payment_schedules: [] }) })),
    ].sort(() => random() - 0.5);
    for (const d of deliveries) await recordDelivery(db, { ...d, shopDomain: DOMAIN, apiVersion: "2025-10" }, now);

    // the outage: the queue is drained every 10 seconds of simulated time
    const outageEnds = now.getTime() + 10 * MINUTE;
    let firstPass = true;
    while (now.getTime() < outageEnds) {
      while ((await drainQueue(db, context)) > 0 && firstPass) { /* everything due now, at full speed */ }
      if (firstPass) {
        // every delivery that needs no Admin API was applied in the first pass, in spite of the failing ones among them
        expect(await count({ topic: "orders/create", status: "done" })).toBe(1_800);
        expect(await db.receivable.count()).toBe(1_800);
        firstPass = false;
      }
      now = new Date(now.getTime() + 10_000);
    }
    expect(await count({ topic: "payment_terms/update", status: "done" })).toBe(0);
    const waiting = await db.webhookDelivery.findMany({ where: { shopDomain: DOMAIN, topic: "payment_terms/update" }, select: { attempts: true, status: true, error: true } });
    // Shopify being away used up none of their attempts: however long the outage, they do not give up
    expect(waiting.every((d) => d.status === "failed" && d.attempts === 0)).toBe(true);
    expect(waiting.filter((d) => d.error?.startsWith("AdminUnavailable")).length).toBeGreaterThan(190);
    // the circuit kept Shopify from being hammered: a few failures to open it, then one trial per pause
    const { calls } = (await (await fetch(`${adminOrigin}/__fake/calls`)).json()) as { calls: number };
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(calls).toBeLessThan(15);

    // Shopify is back: the circuit's next trial succeeds and the waiting deliveries catch up
    await shopify(false);
    for (let round = 0; round < 60 && (await count({ status: { not: "done" } })) > 0; round++) {
      now = new Date(now.getTime() + 30_000);
      while ((await drainQueue(db, context)) > 0) { /* drain */ }
    }
    expect(await count({ status: "done" })).toBe(2_000);
    expect(await db.receivable.count()).toBe(2_000);
    expect(await db.receivable.count({ where: { paymentTermsName: "Net 30" } })).toBe(200);
    // one snapshot per order: nothing applied twice
    const snapshots = await db.ledgerEvent.groupBy({ by: ["orderGid"], where: { kind: "order" }, _count: true });
    expect(snapshots.every((s) => s._count === 1)).toBe(true);
  });
});
