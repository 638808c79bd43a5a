/**
 * No final notice to someone who has paid: right before a step that announces costs, the tick asks
 * Shopify (one query for the batch) whether the orders were paid meanwhile, e.g. marked paid by hand
 * in Shopify admin while the webhook got lost. A paid order is read back and leaves the flow; the
 * others get their notice; when Shopify cannot be asked, the notice waits an hour.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { createAdminClient } from "../../app/adapters/shopify/graphql/client";
import type { OrderNode } from "../../app/adapters/shopify/graphql/orders";
import { runSchedulerTick } from "../../app/services/followUp/runScheduler";
import { outboxMailer } from "../../app/adapters/email/mailer";
import type { FakeAdminState } from "../support/fakeShopifyAdmin";
import { deliver } from "../support/webhooks";
import { newOrderId, orderPayload } from "../support/orders";
import { installShop } from "../support/testShop";

const baseUrl = inject("baseUrl");
const adminOrigin = inject("adminOrigin");
const DOMAIN = "dunly-recheck.myshopify.com";
const DAY = 86_400_000;
let db: Db;
let shopId: string;
let token: string;

const FINAL_ONLY = [{ key: "final_notice", offsetDays: 1, channel: "email", purpose: "final_notice", tone: "firm", chargesFee: true }];

beforeAll(async () => {
  db = createDb(inject("databaseUrl"));
  ({ shop: { id: shopId }, accessToken: token } = await installShop(db, DOMAIN));
  await db.segment.create({ data: { shopId, name: "Default", position: 1_000_000, isDefault: true, conditions: "[]", steps: JSON.stringify(FINAL_ONLY), groupReminders: false } });
});
afterAll(async () => {
  await db.$disconnect();
});

async function overdue(customerId: string) {
  const id = newOrderId();
  const issued = new Date(Date.now() - 30 * DAY);
  await deliver(db, baseUrl, "orders/create", orderPayload({ id, total: "90.00", outstanding: "90.00", financialStatus: "pending", createdAt: issued, updatedAt: issued, customerId }), { shop: DOMAIN });
  return db.receivable.findUniqueOrThrow({ where: { shopId_orderGid: { shopId, orderGid: `gid://shopify/Order/${id}` } } });
}

function node(r: { orderGid: string; orderName: string }, paid: boolean): OrderNode {
  const issued = new Date(Date.now() - 30 * DAY).toISOString();
  return {
    id: r.orderGid, name: r.orderName, createdAt: issued, processedAt: issued, updatedAt: new Date(Date.now() - DAY).toISOString(), cancelledAt: null,
    test: false, displayFinancialStatus: paid ? "PAID" : "PENDING", customerLocale: "nl", statusPageUrl: null, paymentCollectionDetails: null,
    currentTotalPriceSet: { shopMoney: { amount: "90.00", currencyCode: "EUR" } },
    totalOutstandingSet: { shopMoney: { amount: paid ? "0.00" : "90.00", currencyCode: "EUR" } }, paymentTerms: null, customer: null,
  };
}

async function setAdmin(state: Partial<FakeAdminState>) {
  await fetch(`${adminOrigin}/__fake/state`, { method: "PUT", body: JSON.stringify({ accessToken: token, shop: { name: "R", currencyCode: "EUR", myshopifyDomain: DOMAIN }, orders: [], ...state }) });
}
const admin = () => createAdminClient({ shop: DOMAIN, accessToken: token, apiVersion: "2025-10", origin: adminOrigin, maxAttempts: 1 });
// the outbox mailer keeps what it would send: "outbox" is sent as far as the flow goes
const sentTo = (receivableId: string) => db.message.count({ where: { receivableId, status: { in: ["sent", "outbox"] } } });

describe("asking Shopify before a final notice", () => {
  it("an order paid in Shopify meanwhile gets no notice and is read back; the unpaid one gets it", async () => {
    const paidInShopify = await overdue("830001");
    const unpaid = await overdue("830002");
    await setAdmin({ orders: [node(paidInShopify, true), node(unpaid, false)] });
    const at = new Date();
    at.setUTCHours(10, 0, 0, 0);
    const result = await runSchedulerTick(db, { clock: () => at, mailer: outboxMailer, adminOf: async () => admin() });
    expect(result.heldForShopify).toBe(1);
    expect(await sentTo(paidInShopify.id)).toBe(0);
    expect(await sentTo(unpaid.id)).toBe(1);
    expect(await db.receivable.findUniqueOrThrow({ where: { id: paidInShopify.id } })).toMatchObject({ status: "paid", outstandingMinor: 0n, nextActionAt: null });
    const requests = await (await fetch(`${adminOrigin}/__fake/requests`)).json() as { operation: string; variables: { ids?: string[] } }[];
    // one question for the batch, one read-back of the paid order
    expect(requests.map((r) => r.operation)).toEqual(["DunlyOrdersPaymentState", "DunlyOrdersPage"]);
    expect(requests[0].variables.ids!.sort()).toEqual([paidInShopify.orderGid, unpaid.orderGid].sort());
  });

  it("when Shopify cannot be asked the notice waits an hour; a shop without Shopify (the demo) goes by its ledger", async () => {
    const waiting = await overdue("830003");
    await setAdmin({ orders: [node(waiting, false)], failNext: { status: 503, count: 5 } });
    const at = new Date();
    at.setUTCHours(11, 0, 0, 0);
    const result = await runSchedulerTick(db, { clock: () => at, mailer: outboxMailer, adminOf: async () => admin() });
    expect(result.heldForShopify).toBe(1);
    expect(await sentTo(waiting.id)).toBe(0);
    expect((await db.receivable.findUniqueOrThrow({ where: { id: waiting.id } })).nextActionAt).toEqual(new Date(at.getTime() + 3_600_000));
    await runSchedulerTick(db, { clock: () => new Date(at.getTime() + 3_600_000), mailer: outboxMailer, adminOf: async () => null });
    expect(await sentTo(waiting.id)).toBe(1);
  });
});
