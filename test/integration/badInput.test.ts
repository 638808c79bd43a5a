/**
 * Bad input over HTTP: malformed, huge and wrongly typed webhook bodies, injection strings, and
 * nonsense sent to the customer page. Each gets a clear 4xx (never a 5xx), and nothing is stored
 * wrongly: no receivable, customer or fact comes from a refused delivery, and text that is
 * merely odd (SQL or HTML in a name) is stored verbatim and shown escaped.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { signCustomerLink } from "../../app/services/customers/customerLinks";
import { seededRandom } from "../../app/domain/seededRandom";
import { parseShopifyJson } from "../../app/adapters/shopify/json";
import { TEST_API_SECRET } from "../support/appServer";
import { deliver, sendWebhook } from "../support/webhooks";
import { newOrderId, orderPayload, transactionPayload } from "../support/orders";
import { shopifyExample } from "../support/shopifyExamples";
import { installShop } from "../support/testShop";
import { adminPage } from "../support/adminRequest";

const baseUrl = inject("baseUrl");
const SHOP = "dunly-bad-input.myshopify.com";
const now = new Date("2026-11-20T10:00:00Z");
let db: Db;
let shopId: string;

beforeAll(async () => {
  db = createDb(inject("databaseUrl"));
  shopId = (await installShop(db, SHOP)).shop.id;
});
afterAll(async () => {
  await db.$disconnect();
});

const counts = async () => ({
  receivables: await db.receivable.count({ where: { shopId } }),
  customers: await db.customer.count({ where: { shopId } }),
  facts: await db.ledgerEvent.count({ where: { shopId } }),
});

/** A valid order with one field replaced (a dotted path), as JSON text. */
function orderWith(path: string, value: unknown): string {
  const order = parseShopifyJson(orderPayload({ id: newOrderId(), total: "50.00", outstanding: "50.00", financialStatus: "pending", updatedAt: now, customerId: "6100" })) as Record<string, any>;
  const keys = path.split(".");
  let target = order;
  for (const key of keys.slice(0, -1)) target = target[key];
  target[keys[keys.length - 1]] = value;
  return JSON.stringify(order);
}

function transactionWith(field: string, value: unknown): string {
  const tx = parseShopifyJson(transactionPayload({ id: newOrderId(), orderId: "820982911946154508", amount: "10.00", at: now })) as Record<string, unknown>;
  tx[field] = value;
  return JSON.stringify(tx);
}

const MALFORMED = [
  "", " ", "null", "[]", "123", '"text"', "{", '{"id":1,}', "{'id':1}", '{"id": NaN}', '{"id": 1} trailing',
  "\uFEFF{}", '{"name":"raw\u0000nul"}', "[".repeat(100_000), '{"a":'.repeat(50_000) + "1" + "}".repeat(50_000),
  Buffer.from([0xff, 0xfe, 0x7b, 0x7d]).toString("latin1"),
];

/** [field, value, the field the error names when not the field itself] */
const WRONG_ORDERS: [string, unknown, string?][] = [
  ["admin_graphql_api_id", 12], ["admin_graphql_api_id", "gid://shopify/Customer/1"], ["admin_graphql_api_id", "gid://shopify/Order/1 OR 1=1"],
  ["current_total_price", "1e3"], ["current_total_price", "-5.00"], ["current_total_price", "10.001"],
  ["current_total_price", "NaN"], ["current_total_price", "Infinity"], ["total_outstanding", null], ["total_outstanding", []],
  ["currency", "EURO"], ["currency", 978], ["currency", "<b>"], ["created_at", "yesterday"], ["created_at", "9999-01-01T00:00:00Z"],
  ["processed_at", 0], ["updated_at", "2026-13-45T99:99:99Z"], ["customer", "6100"], ["customer", [1, 2]],
  ["customer.id", "abc"], ["customer.email", 5], ["customer.default_address", "Main street 1"],
  ["payment_terms", "net30"],
  ["payment_terms", { payment_terms_name: "Net 30", payment_terms_type: "net", due_in_days: -1, payment_schedules: [] }, "due_in_days"], ["name", ""], ["name", { first: 1 }], ["financial_status", 5],
];

const WRONG_TRANSACTIONS: [string, unknown][] = [
  ["amount", "abc"], ["amount", "-10.00"], ["amount", "10.001"], ["kind", 5], ["order_id", "12abc"], ["order_id", -1],
  ["currency", "xx"], ["admin_graphql_api_id", null], ["created_at", "later"], ["processed_at", "2026-02-30T10:00:00"],
];

describe("webhook bodies that are not what Shopify sends", () => {
  it.each(MALFORMED.map((body, i) => [i, body] as const))("malformed body #%i is a 400 and kept as rejected", async (_i, body) => {
    const before = await counts();
    const sent = await sendWebhook(baseUrl, "orders/create", body, { shop: SHOP });
    expect(sent.status).toBe(400);
    expect(String(sent.body.error)).toMatch(/JSON/);
    expect(await db.webhookDelivery.findUnique({ where: { webhookId: sent.webhookId } })).toMatchObject({ status: "rejected" });
    expect(await counts()).toEqual(before);
  });

  it.each(WRONG_ORDERS)("an order with %s = %j is a 422 naming the field, and stores nothing", async (field, value, named) => {
    const before = await counts();
    const sent = await sendWebhook(baseUrl, "orders/create", orderWith(field, value), { shop: SHOP });
    expect(sent.status).toBe(422);
    expect(String(sent.body.error)).toContain(named ?? field.split(".").pop());
    expect(await db.webhookDelivery.findUnique({ where: { webhookId: sent.webhookId } })).toMatchObject({ status: "rejected" });
    expect(await counts()).toEqual(before);
  });

  it.each(WRONG_TRANSACTIONS)("a transaction with %s = %j is a 422 and stores nothing", async (field, value) => {
    const before = await counts();
    const sent = await sendWebhook(baseUrl, "order_transactions/create", transactionWith(field, value), { shop: SHOP });
    expect(sent.status).toBe(422);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ["customers/update", { ...shopifyExample("customers/update"), id: "not-a-number" }],
    ["customers/update", { ...shopifyExample("customers/update"), email: ["a@b.c"] }],
    ["refunds/create", { ...shopifyExample("refunds/create"), order_id: "x" }],
    ["refunds/create", { ...shopifyExample("refunds/create"), refund_line_items: "all" }],
    ["disputes/create", { ...shopifyExample("disputes/create"), initiated_at: "soon" }],
    ["disputes/create", { ...shopifyExample("disputes/create"), order_id: null }],
    ["customers/redact", { shop_id: 1, shop_domain: SHOP, customer: "someone", orders_to_redact: [] }],
    ["customers/redact", { shop_id: 1, shop_domain: SHOP, customer: { id: 1 }, orders_to_redact: ["abc"] }],
    ["payment_terms/update", { id: "terms" }],
  ] as const)("%s with a wrongly typed field is a 422", async (topic, body) => {
    const before = await counts();
    const sent = await sendWebhook(baseUrl, topic, body, { shop: SHOP });
    expect(sent.status).toBe(422);
    expect(await counts()).toEqual(before);
    expect(await db.complianceRequest.count({ where: { shopDomain: SHOP } })).toBe(0);
  });

  it("a body over 4 MB is a 413 and stored nowhere", async () => {
    const huge = orderWith("note", "x".repeat(5 * 1024 * 1024));
    const sent = await sendWebhook(baseUrl, "orders/create", huge, { shop: SHOP });
    expect(sent.status).toBe(413);
    expect(await db.webhookDelivery.findUnique({ where: { webhookId: sent.webhookId } })).toBeNull();
  });

  it.each([
    ["a shop domain that is not a myshopify domain", { "X-Shopify-Shop-Domain": "evil.example.com" }],
    ["a shop domain with a path", { "X-Shopify-Shop-Domain": "../../etc/passwd" }],
    ["a look-alike domain", { "X-Shopify-Shop-Domain": `${SHOP}.evil.example` }],
    ["an overlong webhook id", { "X-Shopify-Webhook-Id": "w".repeat(500) }],
    ["an unknown topic", { "X-Shopify-Topic": "orders/create'; DROP TABLE \"Receivable\"; --" }],
  ])("%s is a 400", async (_what, headers) => {
    const sent = await sendWebhook(baseUrl, "orders/create", orderWith("note", "x"), { shop: SHOP, headers });
    expect(sent.status).toBe(400);
  });

  it("random mutations of a real order never cause a 5xx and never store a half-read order", async () => {
    const random = seededRandom(99);
    const junk: unknown[] = [null, true, -1, 1e308, "", "0", "🙂", "<script>", "' OR '1'='1", [], {}, "9".repeat(40), "2026-11-20", "\u0000"];
    const fields = ["id", "admin_graphql_api_id", "name", "currency", "current_total_price", "total_outstanding", "created_at", "updated_at",
      "processed_at", "cancelled_at", "financial_status", "customer", "payment_terms", "order_status_url", "test", "customer_locale"];
    for (let i = 0; i < 150; i++) {
      const before = await counts();
      const body = orderWith(fields[Math.floor(random() * fields.length)], junk[Math.floor(random() * junk.length)]);
      const sent = await sendWebhook(baseUrl, "orders/create", body, { shop: SHOP });
      expect(sent.status, body.slice(0, 200)).toBeLessThan(500);
      if (sent.status !== 200) {
        expect(sent.status).toBeGreaterThanOrEqual(400);
        expect(await counts()).toEqual(before);
      } else {
        const delivery = await (await import("../support/webhooks")).settled(db, sent.webhookId);
        expect(delivery.status, `${delivery.error} for ${body.slice(0, 300)}`).toBe("done");
      }
    }
  }, 120_000);
});

describe("injection strings in otherwise valid data", () => {
  const SQL = `Robert'); DROP TABLE "Receivable";--`;
  const HTML = `<script>alert("x")</script><img src=x onerror=alert(1)>`;

  it("are stored verbatim and shown escaped in the admin", async () => {
    const id = newOrderId();
    const body = parseShopifyJson(orderPayload({ id, total: "75.00", outstanding: "75.00", financialStatus: "pending", updatedAt: now, customerId: "6200" })) as Record<string, any>;
    body.name = `#${SQL}`;
    body.customer.first_name = HTML;
    body.customer.last_name = SQL;
    await deliver(db, baseUrl, "orders/create", JSON.stringify(body), { shop: SHOP });
    const row = await db.receivable.findFirstOrThrow({ where: { shopId, orderGid: `gid://shopify/Order/${id}` }, include: { customer: true } });
    expect(row.orderName).toBe(`#${SQL}`);
    expect(row.customer).toMatchObject({ firstName: HTML, lastName: SQL });
    expect(await db.receivable.count()).toBeGreaterThan(0); // the table is still there

    const page = await (await adminPage(baseUrl, SHOP, `/app/receivables/${row.id}`)).text();
    expect(page).not.toContain("<script>alert");
    expect(page).not.toContain("<img src=x");
    expect(page).toContain("&lt;script&gt;");
    const list = await (await adminPage(baseUrl, SHOP, `/app/receivables?q=${encodeURIComponent("DROP TABLE")}`)).text();
    expect(list).toContain("DROP TABLE");
  });
});

describe("nonsense sent to the customer page", () => {
  let link: string;
  let receivableId: string;

  beforeAll(async () => {
    const id = newOrderId();
    await deliver(db, baseUrl, "orders/create", orderPayload({ id, total: "90.00", outstanding: "90.00", financialStatus: "pending", updatedAt: now, customerId: "6300" }), { shop: SHOP });
    const row = await db.receivable.findFirstOrThrow({ where: { shopId, orderGid: `gid://shopify/Order/${id}` } });
    receivableId = row.id;
    link = `${baseUrl}/c/${signCustomerLink({ shopId, customerId: row.customerId!, receivableId, expiresAt: new Date(Date.now() + 86_400_000) }, TEST_API_SECRET)}`;
  });

  const state = async () => ({
    disputes: await db.dispute.count({ where: { receivableId } }),
    arrangements: await db.arrangement.count({ where: { receivableId } }),
    tasks: await db.task.count({ where: { receivableId } }),
    receivable: await db.receivable.findUniqueOrThrow({ where: { id: receivableId }, select: { pausedUntil: true, workflowState: true, outstandingMinor: true } }),
  });

  it.each([
    "x", "a".repeat(5000), "%00", "..%2F..%2Fetc%2Fpasswd", "' OR '1'='1", encodeURIComponent("<script>alert(1)</script>"),
    "eyJhbGciOiJub25lIn0.eyJzaG9wSWQiOiJ4In0.", "🙂",
  ])("a made-up token (%s) gets the neutral page", async (token) => {
    const response = await fetch(`${baseUrl}/c/${token.slice(0, 6000)}`);
    expect([403, 404]).toContain(response.status);
    const html = await response.text();
    expect(html).not.toContain("<script>alert");
  });

  const forms: [string, Record<string, string>][] = [
    ["no intent", { receivableId: "" }],
    ["an unknown intent", { intent: "delete_everything", receivableId: "x" }],
    ["a dispute with an unknown reason", { intent: "dispute", receivableId: "RID", reason: "because", message: "hi" }],
    ["a dispute of 100,000 characters", { intent: "dispute", receivableId: "RID", reason: "damaged", message: "x".repeat(100_000) }],
    ["a dispute without a message", { intent: "dispute", receivableId: "RID", reason: "damaged", message: "   " }],
    ["instalments as text", { intent: "arrangement", receivableId: "RID", instalments: "three", intervalDays: "14", firstDueAt: "2026-12-01" }],
    ["a thousand instalments", { intent: "arrangement", receivableId: "RID", instalments: "1000", intervalDays: "14", firstDueAt: "2026-12-01" }],
    ["negative instalments", { intent: "arrangement", receivableId: "RID", instalments: "-3", intervalDays: "14", firstDueAt: "2026-12-01" }],
    ["fractional days", { intent: "arrangement", receivableId: "RID", instalments: "2", intervalDays: "1.5", firstDueAt: "2026-12-01" }],
    ["an absurd first date", { intent: "arrangement", receivableId: "RID", instalments: "2", intervalDays: "14", firstDueAt: "9999-12-31" }],
    ["a first date in the past", { intent: "arrangement", receivableId: "RID", instalments: "2", intervalDays: "14", firstDueAt: "2001-01-01" }],
    ["SQL in the order id", { intent: "paid", receivableId: "' OR '1'='1" }],
    ["another order's id", { intent: "paid", receivableId: "ckzzzzzzzzzzzzzzzzzzzzzzz" }],
  ];

  it.each(forms)("a form with %s is a 400 with a message, and changes nothing", async (_what, fields) => {
    const before = await state();
    const body = new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, v === "RID" ? receivableId : v]));
    const response = await fetch(link, { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/role="alert"[^>]*>[^<]+/); // the page says what is wrong
    expect(await state()).toEqual(before);
  });

  it.each([
    ["JSON instead of a form", "application/json", '{"intent":"paid"}'],
    ["a broken multipart body", "multipart/form-data; boundary=xyz", "--xyz\r\nContent-Disposition: form-data; name=\"intent\"\r\n\r\npaid"],
    ["no content type", "", "intent=paid"],
  ])("%s is a 4xx and changes nothing", async (_what, type, body) => {
    const before = await state();
    const response = await fetch(link, { method: "POST", body, headers: type ? { "Content-Type": type } : {} });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await state()).toEqual(before);
  });

  it("a form body over 1 MB is a 413", async () => {
    const response = await fetch(link, {
      method: "POST", body: new URLSearchParams({ intent: "dispute", receivableId, reason: "damaged", message: "x".repeat(2 * 1024 * 1024) }),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(413);
  });
});
