/**
 * The customer account extension's endpoint over real HTTP with customer account session tokens
 * signed as Shopify signs them (HS256 with the app's secret, the signed-in customer as subject):
 * a customer sees and acts on their own invoices only, with the customer page's rules; a token
 * without a customer, forged or expired, gets 401.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { createDb, type Db } from "../../app/db/client";
import { deliver } from "../support/webhooks";
import { newOrderId, orderPayload } from "../support/orders";
import { installShop } from "../support/testShop";
import { TEST_API_KEY, TEST_API_SECRET } from "../support/appServer";

const baseUrl = inject("baseUrl");
const SHOP = "dunly-accounts.myshopify.com";
const OTHER = "dunly-accounts-other.myshopify.com";
let db: Db;

beforeAll(async () => {
  db = createDb(inject("databaseUrl"));
  await installShop(db, SHOP);
  await installShop(db, OTHER);
});
afterAll(async () => {
  // the shops go with all they hold: other files' ticks over every shop must not meet this file's promises and arrangements
  await db.shop.deleteMany({ where: { domain: { in: [SHOP, OTHER] } } });
  await db.$disconnect();
});

/** A customer account session token: `dest` is the shop's domain, `sub` the signed-in customer. */
async function customerToken(shop: string, customerId: string | null, overrides: Record<string, unknown> = {}, secret = TEST_API_SECRET) {
  const claims = { dest: shop, iss: `https://${shop}`, sub: customerId ? `gid://shopify/Customer/${customerId}` : undefined, ...overrides };
  return (await getJwt(shop.replace(/\.myshopify\.com$/, ""), TEST_API_KEY, secret, claims)).token;
}

async function call(token: string | null, query = "", body?: unknown) {
  const response = await fetch(`${baseUrl}/extensions/customer/invoices${query}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { Origin: "https://extensions.shopifycdn.com", ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function openOrder(shop: string, customerId: string, daysOverdue = 3) {
  const id = newOrderId();
  const createdAt = new Date(Date.now() - (14 + daysOverdue) * 86_400_000);
  await deliver(db, baseUrl, "orders/create", orderPayload({ id, customerId, total: "60.00", outstanding: "60.00", financialStatus: "pending", createdAt, updatedAt: createdAt }), { shop });
  return db.receivable.findFirstOrThrow({ where: { orderGid: `gid://shopify/Order/${id}`, shop: { domain: shop } } });
}

describe("open invoices in the customer account", () => {
  it("a signed-in customer sees their own open invoices only, in their language, one order's for the order status page", async () => {
    const customer = newOrderId();
    const first = await openOrder(SHOP, customer);
    const second = await openOrder(SHOP, customer, 1);
    const stranger = newOrderId();
    await openOrder(SHOP, stranger);
    await openOrder(OTHER, customer); // the same Shopify customer id in another shop is another customer

    const mine = await call(await customerToken(SHOP, customer), "?locale=nl");
    expect(mine.status).toBe(200);
    expect(mine.body.invoices.map((i: { receivableId: string }) => i.receivableId).sort()).toEqual([first.id, second.id].sort());
    expect(mine.body.invoices[0]).toMatchObject({ outstanding: "€\u00a060,00", overdue: true, state: "open" });
    expect(mine.body.rules).toMatchObject({ maxInstalments: expect.any(Number), promiseMaxDays: expect.any(Number) });

    const one = await call(await customerToken(SHOP, customer), `?order=${encodeURIComponent(first.orderGid)}`);
    expect(one.body.invoices.map((i: { receivableId: string }) => i.receivableId)).toEqual([first.id]);
    const strangers = await call(await customerToken(SHOP, stranger), `?order=${encodeURIComponent(first.orderGid)}`);
    expect(strangers.body.invoices).toEqual([]);
    expect((await call(await customerToken(SHOP, newOrderId()))).body).toMatchObject({ invoices: [] });
  });

  it("promise, dispute and arrangement go through the customer page's rules, on the customer's own invoices only", async () => {
    const customer = newOrderId();
    const promised = await openOrder(SHOP, customer);
    const disputed = await openOrder(SHOP, customer);
    const arranged = await openOrder(SHOP, customer);
    const theirs = await openOrder(SHOP, newOrderId());
    const token = await customerToken(SHOP, customer);
    const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

    expect(await call(token, "", { intent: "promise", receivableId: promised.id, promisedFor: inDays(5) })).toMatchObject({ status: 200, body: { ok: true, done: "promise" } });
    expect(await db.paymentPromise.count({ where: { receivableId: promised.id, source: "customer" } })).toBe(1);
    // the shop's limit on how far ahead a promise may go holds here as on the customer page
    expect(await call(token, "", { intent: "promise", receivableId: arranged.id, promisedFor: inDays(400) })).toMatchObject({ status: 400, body: { ok: false } });

    expect(await call(token, "", { intent: "dispute", receivableId: disputed.id, reason: "damaged", message: "the box was crushed" })).toMatchObject({ status: 200, body: { done: "dispute" } });
    expect(await db.receivable.findUniqueOrThrow({ where: { id: disputed.id } })).toMatchObject({ workflowState: "disputed" });
    expect(await call(token, "", { intent: "dispute", receivableId: promised.id, reason: "no such reason", message: "x" })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/listed reasons/) } });
    // in the language of the customer's account
    expect(await call(token, "", { intent: "dispute", receivableId: promised.id, reason: "no such reason", message: "x", locale: "nl" })).toMatchObject({
      status: 400, body: { ok: false, error: "kies een van de genoemde redenen" },
    });
    expect(await call(token, "", { intent: "arrangement", receivableId: promised.id, instalments: 40, intervalDays: 30, firstDueAt: inDays(7), locale: "de" })).toMatchObject({
      status: 400, body: { error: "der Vorschlag braucht zwischen 2 und 24 Raten" },
    });

    expect(await call(token, "", { intent: "arrangement", receivableId: arranged.id, instalments: 2, intervalDays: 30, firstDueAt: inDays(7) })).toMatchObject({
      status: 200, body: { ok: true, done: expect.stringMatching(/^arrangement_(active|pending)$/) },
    });
    const states = (await call(token)).body.invoices.map((i: { receivableId: string; state: string }) => [i.receivableId, i.state]);
    expect(states).toEqual(expect.arrayContaining([[disputed.id, "disputed"], [promised.id, "paused"]]));

    expect(await call(token, "", { intent: "paid", receivableId: theirs.id })).toMatchObject({ status: 400, body: { ok: false, error: "unknown order" } });
    expect(await db.task.count({ where: { receivableId: theirs.id } })).toBe(0);
  });

  it("no customer, a forged or expired token is a 401; bad input a 400", async () => {
    const customer = newOrderId();
    const { id } = await openOrder(SHOP, customer);
    expect(await call(null)).toMatchObject({ status: 401 });
    expect(await call(await customerToken(SHOP, null))).toMatchObject({ status: 401, body: { error: expect.stringMatching(/sign in/) } });
    expect(await call(await customerToken(SHOP, customer, {}, "not-the-secret"))).toMatchObject({ status: 401 });
    const past = Date.now() / 1000 - 7200;
    expect(await call(await customerToken(SHOP, customer, { exp: past, nbf: past - 60, iat: past - 60 }))).toMatchObject({ status: 401, body: { error: expect.stringMatching(/expired/) } });
    expect(await call(await customerToken(SHOP, customer, { sub: "gid://shopify/Order/1" }))).toMatchObject({ status: 401 });
    const token = await customerToken(SHOP, customer);
    expect(await call(token, "?order=nonsense")).toMatchObject({ status: 400 });
    expect(await call(token, "", "[1,2]")).toMatchObject({ status: 400, body: { error: expect.stringMatching(/malformed/) } });
    expect(await call(token, "", { intent: "refund", receivableId: id })).toMatchObject({ status: 400, body: { error: "unknown action" } });
  });
});
