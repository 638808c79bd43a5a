import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { deliver, sendWebhook, settled, TEST_SHOP } from "../support/webhooks";
import { adminPage, adminPost } from "../support/adminRequest";
import { installShop } from "../support/testShop";
import { MAX_ATTEMPTS } from "../../app/services/ingest/webhookQueue";
import { newOrderId, orderPayload, refundPayload, transactionPayload } from "../support/orders";

const baseUrl = inject("baseUrl");
let db: Db;
let shopId: string;

const at = (day: number, hour = 12) => new Date(Date.UTC(2026, 10, day, hour));
const receivable = (orderId: string) =>
  db.receivable.findUniqueOrThrow({ where: { shopId_orderGid: { shopId, orderGid: `gid://shopify/Order/${orderId}` } } });

beforeAll(async () => {
  db = createDb(inject("databaseUrl"));
  const shop = await db.shop.upsert({
    where: { domain: TEST_SHOP }, update: {},
    create: { domain: TEST_SHOP, name: "Test shop", currency: "EUR", defaultTermDays: 14, installedAt: at(1) },
  });
  shopId = shop.id;
});

afterAll(async () => {
  await db.$disconnect();
});

describe("order webhooks build the receivable ledger", () => {
  it("orders/create (pending) opens a receivable; orders/paid settles it", async () => {
    const id = newOrderId();
    await deliver(db, baseUrl, "orders/create", orderPayload({ id, total: "100.00", outstanding: "100.00", financialStatus: "pending", updatedAt: at(1) }));
    const open = await receivable(id);
    expect(open).toMatchObject({ status: "open", outstandingMinor: 10000n, totalMinor: 10000n, currency: "EUR", creditSale: true });
    expect(open.dueAt).toEqual(new Date("2026-11-15T10:00:00Z")); // default term: 14 days after the order

    await deliver(db, baseUrl, "orders/paid", orderPayload({ id, total: "100.00", outstanding: "0.00", financialStatus: "paid", updatedAt: at(5) }));
    expect(await receivable(id)).toMatchObject({ status: "paid", outstandingMinor: 0n, paidAt: at(5) });
  });

  it("a partial payment lowers the outstanding once, also when the order update follows", async () => {
    const id = newOrderId();
    await deliver(db, baseUrl, "orders/create", orderPayload({ id, total: "250.00", outstanding: "250.00", financialStatus: "pending", updatedAt: at(1) }));
    await deliver(db, baseUrl, "order_transactions/create", transactionPayload({ id: newOrderId(), orderId: id, amount: "100.00", at: at(3) }));
    expect(await receivable(id)).toMatchObject({ status: "open", outstandingMinor: 15000n });

    await deliver(db, baseUrl, "orders/updated", orderPayload({ id, total: "250.00", outstanding: "150.00", financialStatus: "partially_paid", updatedAt: at(3, 13) }));
    expect(await receivable(id)).toMatchObject({ status: "open", outstandingMinor: 15000n, financialStatus: "partially_paid" });
  });

  it("a refund of unpaid goods lowers what is owed", async () => {
    const id = newOrderId();
    await deliver(db, baseUrl, "orders/create", orderPayload({ id, total: "369.97", outstanding: "369.97", financialStatus: "pending", updatedAt: at(1) }));
    await deliver(db, baseUrl, "refunds/create", refundPayload({ id: newOrderId(), orderId: id, lineAmount: "89.99", at: at(2) }));
    expect(await receivable(id)).toMatchObject({ status: "open", outstandingMinor: 27998n });
  });

  it("orders/cancelled closes the receivable", async () => {
    const id = newOrderId();
    await deliver(db, baseUrl, "orders/create", orderPayload({ id, total: "80.00", outstanding: "80.00", financialStatus: "pending", updatedAt: at(1) }));
    await deliver(db, baseUrl, "orders/cancelled", orderPayload({ id, total: "80.00", outstanding: "80.00", financialStatus: "voided", updatedAt: at(2), cancelledAt: at(2) }));
    expect(await receivable(id)).toMatchObject({ status: "cancelled", outstandingMinor: 0n });
  });

  it("payment terms set the due date", async () => {
    const id = newOrderId();
    const paymentTerms = {
      payment_terms_name: "Net 30", payment_terms_type: "net", due_in_days: 30,
      payment_schedules: [{ amount: "500.00", currency: "EUR", issued_at: "2026-11-01T10:00:00Z", due_at: "2026-12-01T10:00:00Z", completed_at: null }],
    };
    await deliver(db, baseUrl, "orders/create", orderPayload({ id, total: "500.00", outstanding: "500.00", financialStatus: "pending", updatedAt: at(1), paymentTerms }));
    expect(await receivable(id)).toMatchObject({ dueAt: new Date("2026-12-01T10:00:00Z"), paymentTermsName: "Net 30" });
  });

  it("an order paid at checkout is not a sale on credit", async () => {
    const id = newOrderId();
    await deliver(db, baseUrl, "orders/create", orderPayload({ id, total: "40.00", outstanding: "0.00", financialStatus: "paid", updatedAt: at(1) }));
    expect(await receivable(id)).toMatchObject({ creditSale: false, status: "paid" });
  });
});

describe("delivery is safe against duplicates and disorder", () => {
  it("a duplicate delivery answers 200 and changes nothing", async () => {
    const id = newOrderId();
    const body = orderPayload({ id, total: "60.00", outstanding: "60.00", financialStatus: "pending", updatedAt: at(1) });
    const first = await sendWebhook(baseUrl, "orders/create", body);
    await settled(db, first.webhookId);
    const again = await sendWebhook(baseUrl, "orders/create", body, { webhookId: first.webhookId });
    expect(again).toMatchObject({ status: 200, body: { ok: true, duplicate: true } });
    expect(await db.webhookDelivery.count({ where: { webhookId: first.webhookId } })).toBe(1);
    expect(await db.ledgerEvent.count({ where: { shopId, orderGid: `gid://shopify/Order/${id}` } })).toBe(1);
  });

  it("the same payment delivered under two webhook ids counts once", async () => {
    const id = newOrderId();
    await deliver(db, baseUrl, "orders/create", orderPayload({ id, total: "90.00", outstanding: "90.00", financialStatus: "pending", updatedAt: at(1) }));
    const payment = transactionPayload({ id: newOrderId(), orderId: id, amount: "30.00", at: at(2) });
    await deliver(db, baseUrl, "order_transactions/create", payment);
    await deliver(db, baseUrl, "order_transactions/create", payment);
    expect(await receivable(id)).toMatchObject({ outstandingMinor: 6000n });
  });

  it("orders/paid before orders/create ends paid, and is known as a credit sale", async () => {
    const id = newOrderId();
    await deliver(db, baseUrl, "orders/paid", orderPayload({ id, total: "75.00", outstanding: "0.00", financialStatus: "paid", updatedAt: at(6) }));
    await deliver(db, baseUrl, "orders/create", orderPayload({ id, total: "75.00", outstanding: "75.00", financialStatus: "pending", updatedAt: at(1) }));
    expect(await receivable(id)).toMatchObject({ status: "paid", outstandingMinor: 0n, creditSale: true });
  });

  it("a payment that arrives before its order is applied when the order arrives", async () => {
    const id = newOrderId();
    await deliver(db, baseUrl, "order_transactions/create", transactionPayload({ id: newOrderId(), orderId: id, amount: "20.00", at: at(2) }));
    await deliver(db, baseUrl, "orders/create", orderPayload({ id, total: "50.00", outstanding: "50.00", financialStatus: "pending", updatedAt: at(1) }));
    expect(await receivable(id)).toMatchObject({ status: "open", outstandingMinor: 3000n });
  });

  it("an older orders/updated after a newer one is ignored", async () => {
    const id = newOrderId();
    await deliver(db, baseUrl, "orders/updated", orderPayload({ id, total: "120.00", outstanding: "20.00", financialStatus: "partially_paid", updatedAt: at(8) }));
    await deliver(db, baseUrl, "orders/updated", orderPayload({ id, total: "120.00", outstanding: "120.00", financialStatus: "pending", updatedAt: at(2) }));
    expect(await receivable(id)).toMatchObject({ outstandingMinor: 2000n, financialStatus: "partially_paid" });
  });

  it("the ledger is the same whatever order a burst of deliveries arrives in", async () => {
    const id = newOrderId();
    const bodies: [string, string][] = [
      ["orders/create", orderPayload({ id, total: "300.00", outstanding: "300.00", financialStatus: "pending", updatedAt: at(1) })],
      ["order_transactions/create", transactionPayload({ id: newOrderId(), orderId: id, amount: "100.00", at: at(3) })],
      ["order_transactions/create", transactionPayload({ id: newOrderId(), orderId: id, amount: "50.00", at: at(4) })],
      ["orders/updated", orderPayload({ id, total: "300.00", outstanding: "200.00", financialStatus: "partially_paid", updatedAt: at(3, 13) })],
    ];
    const sent = await Promise.all([3, 1, 0, 2].map((i) => sendWebhook(baseUrl, bodies[i][0], bodies[i][1])));
    for (const s of sent) await settled(db, s.webhookId);
    expect(await receivable(id)).toMatchObject({ status: "open", outstandingMinor: 15000n });
  });
});

describe("bad input gets a clear error and loses nothing", () => {
  const body = () => orderPayload({ id: newOrderId(), total: "10.00", outstanding: "10.00", financialStatus: "pending", updatedAt: at(1) });

  it("a bad signature is refused with 401 and stored nowhere", async () => {
    const sent = await sendWebhook(baseUrl, "orders/create", body(), { secret: "someone-else" });
    expect(sent).toMatchObject({ status: 401, body: { error: "invalid webhook signature" } });
    expect(await db.webhookDelivery.findUnique({ where: { webhookId: sent.webhookId } })).toBeNull();
  });

  it("a missing signature is refused with 401", async () => {
    expect((await sendWebhook(baseUrl, "orders/create", body(), { signature: "" })).status).toBe(401);
  });

  it("malformed JSON is answered 400 and kept as rejected", async () => {
    const sent = await sendWebhook(baseUrl, "orders/create", '{"id": 1, "name": ');
    expect(sent.status).toBe(400);
    expect(sent.body.error).toMatch(/malformed JSON/);
    expect(await db.webhookDelivery.findUnique({ where: { webhookId: sent.webhookId } })).toMatchObject({ status: "rejected" });
  });

  it("an unknown shop is answered 404; only the delivery's id, topic, domain and time are kept, none of its customer data", async () => {
    const sent = await sendWebhook(baseUrl, "orders/create", body(), { shop: "nobody-here.myshopify.com" });
    expect(sent).toMatchObject({ status: 404, body: { error: "unknown shop nobody-here.myshopify.com" } });
    const kept = await db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: sent.webhookId } });
    expect(kept).toMatchObject({ status: "rejected", topic: "orders/create", shopDomain: "nobody-here.myshopify.com", payload: '{"withheld":"the app is not installed on this shop"}' });
    expect(kept.receivedAt).toBeInstanceOf(Date);
  });

  it("an unsupported topic or a missing webhook id is a 400", async () => {
    expect((await sendWebhook(baseUrl, "products/create", body())).status).toBe(400);
    expect((await sendWebhook(baseUrl, "orders/create", body(), { headers: { "X-Shopify-Webhook-Id": "" } })).status).toBe(400);
  });

  it("a GET is a 405", async () => {
    expect((await fetch(`${baseUrl}/webhooks`)).status).toBe(405);
  });

  it("a well-formed order with an absurd due date or amount is refused (422) with the field named, and kept as rejected", async () => {
    const id = newOrderId();
    const absurd = orderPayload({ id, total: "10.00", outstanding: "10.00", financialStatus: "pending", updatedAt: at(1) })
      .replace(/"created_at":"[^"]+"/, '"created_at":"3026-01-01T00:00:00Z"').replace(/"processed_at":"[^"]+"/, '"processed_at":null');
    const refused = await sendWebhook(baseUrl, "orders/create", absurd);
    expect(refused).toMatchObject({ status: 422, body: { error: expect.stringContaining("created_at is out of range") } });
    expect(await db.webhookDelivery.findUnique({ where: { webhookId: refused.webhookId } })).toMatchObject({ status: "rejected" });
    const floaty = orderPayload({ id, total: "10.00", outstanding: "10.004", financialStatus: "pending", updatedAt: at(1) });
    expect(await sendWebhook(baseUrl, "orders/create", floaty)).toMatchObject({ status: 422, body: { error: expect.stringContaining("total_outstanding") } });
    expect(await db.receivable.findUnique({ where: { shopId_orderGid: { shopId, orderGid: `gid://shopify/Order/${id}` } } })).toBeNull();
  });

  it("a payment in another currency than its order is rejected and changes nothing", async () => {
    const id = newOrderId();
    await deliver(db, baseUrl, "orders/create", orderPayload({ id, total: "100.00", outstanding: "100.00", financialStatus: "pending", updatedAt: at(1) }));
    const delivery = await deliver(db, baseUrl, "order_transactions/create", transactionPayload({ id: newOrderId(), orderId: id, amount: "100.00", at: at(2), currency: "USD" }));
    expect(delivery).toMatchObject({ status: "rejected", error: "LedgerError: payment in USD for an order in EUR" });
    expect(await receivable(id)).toMatchObject({ status: "open", outstandingMinor: 10000n });
  });
});

describe("deliveries that gave up", () => {
  it("are listed on the dashboard with a button that sends them round again", async () => {
    await installShop(db, TEST_SHOP);
    const stuck = await db.webhookDelivery.create({ data: {
      webhookId: `stuck-${newOrderId()}`, shopDomain: TEST_SHOP, topic: "payment_terms/update", apiVersion: "2025-10", payload: "{}",
      status: "failed", attempts: MAX_ATTEMPTS, error: "AdminApiError: Admin API 502 for dunly-test.myshopify.com", receivedAt: at(2), nextAttemptAt: at(2),
    } });
    const page = await (await adminPage(baseUrl, TEST_SHOP, "/app")).text();
    expect(page).toContain("Shopify updates that could not be applied");
    expect(page).toContain("Admin API 502");
    const retried = await adminPost(baseUrl, TEST_SHOP, "/app?index&_data=routes%2Fapp._index", { intent: "retry_deliveries" });
    expect(await retried.json()).toEqual({ ok: true, retried: 1 });
    const after = await db.webhookDelivery.findUniqueOrThrow({ where: { id: stuck.id } });
    expect(after.attempts).toBeLessThan(MAX_ATTEMPTS);
    expect(after.status).not.toBe("failed");
  });
});
