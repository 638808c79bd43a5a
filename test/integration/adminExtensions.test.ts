/**
 * The admin extensions' endpoints over real HTTP with session tokens signed as Shopify signs them
 * (HS256 with the app's secret, for the app's client id): each shop sees and changes only its own
 * orders and customers; a forged, expired or foreign token gets 401; the browser's preflight from
 * Shopify's extension origin is answered.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { createDb, type Db } from "../../app/db/client";
import { openDispute } from "../../app/services/disputes/disputes";
import { proposeArrangement } from "../../app/services/arrangements/arrangements";
import { deliver } from "../support/webhooks";
import { newOrderId, orderPayload } from "../support/orders";
import { installShop } from "../support/testShop";
import { TEST_API_KEY, TEST_API_SECRET } from "../support/appServer";

const baseUrl = inject("baseUrl");
const SHOP = "dunly-blocks.myshopify.com";
const OTHER = "dunly-blocks-other.myshopify.com";
const EXTENSION_ORIGIN = "https://extensions.shopifycdn.com";
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

async function tokenFor(shop: string, overrides: Record<string, unknown> = {}, secret = TEST_API_SECRET) {
  return (await getJwt(shop.replace(/\.myshopify\.com$/, ""), TEST_API_KEY, secret, overrides)).token; // the helper adds the domain
}

async function call(path: string, options: { shop?: string; token?: string | null; body?: unknown } = {}) {
  const token = options.token === undefined ? await tokenFor(options.shop ?? SHOP) : options.token;
  const headers: Record<string, string> = { Origin: EXTENSION_ORIGIN };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`${baseUrl}${path}`, {
    method: options.body === undefined ? "GET" : "POST", headers, body: options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body),
  });
  return { status: response.status, cors: response.headers.get("access-control-allow-origin"), body: (await response.json()) as Record<string, any> };
}

async function openOrder(shop = SHOP) {
  const id = newOrderId();
  const customerId = newOrderId();
  await deliver(db, baseUrl, "orders/create", orderPayload({ id, customerId, total: "125.00", outstanding: "125.00", financialStatus: "pending", updatedAt: new Date() }), { shop });
  const receivable = await db.receivable.findFirstOrThrow({ where: { orderGid: `gid://shopify/Order/${id}`, shop: { domain: shop } } });
  return { id, customerId, gid: receivable.orderGid, receivable };
}

describe("the admin extensions' endpoints", () => {
  it("the order block: what the order owes and which buttons apply; another shop's token sees nothing of it", async () => {
    const { id, gid, receivable } = await openOrder();
    const answer = await call(`/extensions/admin/order?id=${encodeURIComponent(gid)}`);
    expect(answer).toMatchObject({
      status: 200, cors: "*",
      body: { followed: true, receivableId: receivable.id, outstandingMinor: 12_500, currency: "EUR", state: "open", allowed: { pause: true, resume: false, sendNow: true, handOver: true } },
    });
    expect((await call(`/extensions/admin/order?id=${id}`)).body.receivableId).toBe(receivable.id); // a bare id as well
    expect(await call(`/extensions/admin/order?id=${id}`, { shop: OTHER })).toMatchObject({ status: 200, body: { followed: false } });
    expect(JSON.stringify((await call(`/extensions/admin/order?id=${id}`, { shop: OTHER })).body)).not.toContain(receivable.id);
  });

  it("buttons act on the shop's own orders only, each order answering for itself", async () => {
    const mine = await openOrder();
    const theirs = await openOrder(OTHER);
    const paused = await call("/extensions/admin/order-actions", { body: { action: "pause", orderIds: [mine.gid, theirs.gid], until: "2099-01-01", reason: "" } });
    expect(paused).toMatchObject({ status: 200, body: { ok: false } });
    expect(paused.body.outcomes).toEqual([
      { orderGid: mine.gid, ok: false, error: "a pause needs a reason", refusal: { code: "pause_reason_missing" } },
      { orderGid: theirs.gid, ok: false, error: "not followed up by the app (paid at checkout, or not a sale on credit)", refusal: { code: "not_followed" } },
    ]);
    const until = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    expect((await call("/extensions/admin/order-actions", { body: { action: "pause", orderIds: [mine.id], until, reason: "customer on holiday" } })).body).toMatchObject({ ok: true });
    expect((await call(`/extensions/admin/order?id=${mine.id}`)).body).toMatchObject({ state: "paused", pauseReason: "customer on holiday", allowed: { resume: true, pause: false } });
    expect((await call("/extensions/admin/order-actions", { body: { action: "resume", orderIds: [mine.id] } })).body).toMatchObject({ ok: true });
    expect((await call("/extensions/admin/order-actions", { body: { action: "send_now", orderIds: [mine.id] } })).body).toMatchObject({ ok: true });
    expect(await db.receivable.findUniqueOrThrow({ where: { id: mine.receivable.id } })).toMatchObject({ sendNextNow: true, pausedUntil: null });
    expect((await call("/extensions/admin/order-actions", { body: { action: "hand_over", orderIds: [mine.id] } })).body).toMatchObject({ ok: true });
    expect((await call(`/extensions/admin/order?id=${mine.id}`)).body).toMatchObject({ state: "handed_over", allowed: { pause: false, sendNow: false, handOver: false } });
    expect(await db.receivable.findUniqueOrThrow({ where: { id: theirs.receivable.id } })).toMatchObject({ workflowState: null, pausedUntil: null, sendNextNow: false });
  });

  it("disputed and arranged orders show their state; the customer block shows exposure, risk and open orders", async () => {
    const disputed = await openOrder();
    const arranged = await openOrder();
    const shopId = disputed.receivable.shopId;
    await openDispute(db, null, { shopId, receivableId: disputed.receivable.id, source: "staff", reason: "damaged", message: "broken on arrival" }, new Date());
    await proposeArrangement(db, null, { shopId, receivableId: arranged.receivable.id, source: "staff", instalments: 2, intervalDays: 14, firstDueAt: new Date(Date.now() + 86_400_000) }, new Date());
    expect((await call(`/extensions/admin/order?id=${disputed.id}`)).body).toMatchObject({ state: "disputed", allowed: { pause: false, sendNow: false } });
    expect((await call(`/extensions/admin/order?id=${arranged.id}`)).body).toMatchObject({ state: "in_arrangement" });

    const customer = await call(`/extensions/admin/customer?id=${disputed.customerId}`);
    expect(customer).toMatchObject({ status: 200, body: { followed: true, currency: "EUR", exposureMinor: 12_500, openDisputes: 1, risk: { level: expect.any(String) } } });
    expect(customer.body.openOrders).toEqual([expect.objectContaining({ receivableId: disputed.receivable.id, state: "disputed", outstandingMinor: 12_500 })]);
    expect(await call(`/extensions/admin/customer?id=${disputed.customerId}`, { shop: OTHER })).toMatchObject({ status: 200, body: { followed: false } });
  });

  it("no token, a forged, expired or foreign one is a 401; bad input a 400 that says why", async () => {
    const { id } = await openOrder();
    const path = `/extensions/admin/order?id=${id}`;
    expect(await call(path, { token: null })).toMatchObject({ status: 401, body: { error: expect.stringMatching(/missing session token/) } });
    expect(await call(path, { token: await tokenFor(SHOP, {}, "not-the-secret") })).toMatchObject({ status: 401 });
    const past = Date.now() / 1000 - 7200;
    expect(await call(path, { token: await tokenFor(SHOP, { exp: past, nbf: past - 60, iat: past - 60 }) })).toMatchObject({ status: 401, body: { error: expect.stringMatching(/expired/) } });
    expect(await call(path, { token: await tokenFor(SHOP, { aud: "another-app" }) })).toMatchObject({ status: 401 });
    expect(await call(path, { token: await tokenFor(SHOP, { dest: "https://evil.example.com" }) })).toMatchObject({ status: 401 });
    expect(await call(path, { shop: "never-installed.myshopify.com" })).toMatchObject({ status: 404 });
    expect(await call("/extensions/admin/order-actions", { token: null, body: { action: "resume", orderIds: [id] } })).toMatchObject({ status: 401 });

    expect(await call("/extensions/admin/order?id=12abc")).toMatchObject({ status: 400, body: { error: expect.stringMatching(/order id/) } });
    expect(await call("/extensions/admin/customer?id=gid://shopify/Order/1")).toMatchObject({ status: 400 });
    expect(await call("/extensions/admin/order-actions", { body: "{not json" })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/malformed/) } });
    expect(await call("/extensions/admin/order-actions", { body: { action: "resume", orderIds: [] } })).toMatchObject({ status: 400 });
    expect(await call("/extensions/admin/order-actions", { body: { action: "refund", orderIds: [id] } })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/action must be/) } });
    expect(await call("/extensions/admin/order-actions", { body: { action: "pause", orderIds: [id], until: "next week", reason: "x" } })).toMatchObject({ status: 400 });
  });

  it("answers the browser's preflight from Shopify's extension origin", async () => {
    for (const path of ["/extensions/admin/order", "/extensions/admin/customer", "/extensions/admin/order-actions"]) {
      const response = await fetch(`${baseUrl}${path}`, {
        method: "OPTIONS", headers: { Origin: EXTENSION_ORIGIN, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type" },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-headers")).toMatch(/Authorization/);
    }
  });
});
