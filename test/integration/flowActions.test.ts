/**
 * Shopify Flow actions over real HTTP, signed as Flow signs them (HMAC-SHA256 of the body with the
 * app's secret): each does what the app's own button does, once per action_run_id, only within
 * the shop that sent it, and answers a clear 4xx for what it cannot do.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getHmac } from "@shopify/shopify-api/test-helpers";
import { createDb, type Db } from "../../app/db/client";
import { FLOW_ACTIONS } from "../../app/services/automation/flowActions";
import { deliver } from "../support/webhooks";
import { newOrderId, orderPayload } from "../support/orders";
import { installShop } from "../support/testShop";
import { TEST_API_SECRET } from "../support/appServer";
import { readExtensionTomls } from "../support/flowExtensions";

const baseUrl = inject("baseUrl");
const SHOP = "dunly-flow.myshopify.com";
const OTHER = "dunly-flow-other.myshopify.com";
let db: Db;

beforeAll(async () => {
  db = createDb(inject("databaseUrl"));
  await installShop(db, SHOP);
  await installShop(db, OTHER);
});
afterAll(async () => {
  await db.$disconnect();
});

async function flow(handle: string, properties: Record<string, unknown>, options: { shop?: string; runId?: string; secret?: string } = {}) {
  const body = JSON.stringify({
    shop_id: "1", shopify_domain: options.shop ?? SHOP, action_run_id: options.runId ?? randomUUID(), action_definition_id: handle, handle, properties,
  });
  const response = await fetch(`${baseUrl}/flow/actions`, {
    method: "POST", body, headers: { "Content-Type": "application/json", "X-Shopify-Hmac-Sha256": getHmac(body, options.secret ?? TEST_API_SECRET) },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function openOrder(shop = SHOP) {
  const id = newOrderId();
  const customerId = newOrderId();
  await deliver(db, baseUrl, "orders/create", orderPayload({ id, customerId, total: "80.00", outstanding: "80.00", financialStatus: "pending", updatedAt: new Date() }), { shop });
  // order ids repeat across test files (each counts from the same start): always within the shop
  const receivable = await db.receivable.findFirstOrThrow({ where: { orderGid: `gid://shopify/Order/${id}`, shop: { domain: shop } } });
  return { id, customerId, receivable };
}

describe("Shopify Flow actions", () => {
  it("pause: the order's reminders stop until the day given, and the same run twice pauses once", async () => {
    const { id, receivable } = await openOrder();
    const runId = randomUUID();
    const first = await flow("pause-reminders", { order_id: id, until: "2027-01-15", reason: "customer on holiday" }, { runId });
    expect(first).toMatchObject({ status: 200, body: { ok: true } });
    expect(await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } })).toMatchObject({
      pausedUntil: new Date("2027-01-15T23:59:59Z"), pauseReason: "customer on holiday",
    });
    const entries = await db.ledgerEvent.count({ where: { shopId: receivable.shopId, orderGid: receivable.orderGid, kind: "pause" } });
    const again = await flow("pause-reminders", { order_id: id, until: "2027-03-01", reason: "other" }, { runId });
    expect(again).toMatchObject({ status: 200, body: { ok: true, repeated: true } });
    expect(await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } })).toMatchObject({ pausedUntil: new Date("2027-01-15T23:59:59Z") });
    expect(await db.ledgerEvent.count({ where: { shopId: receivable.shopId, orderGid: receivable.orderGid, kind: "pause" } })).toBe(entries);

    expect(await flow("resume-reminders", { order_id: id })).toMatchObject({ status: 200 });
    expect(await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } })).toMatchObject({ pausedUntil: null });
  });

  it("send now, hand over and a credit limit do what the app's own buttons do", async () => {
    const { id, customerId, receivable } = await openOrder();
    expect(await flow("send-reminder-now", { order_id: id })).toMatchObject({ status: 200 });
    expect(await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } })).toMatchObject({ sendNextNow: true });

    expect(await flow("set-credit-limit", { customer_id: customerId, amount: "1500.00" })).toMatchObject({ status: 200 });
    const customer = () => db.customer.findFirstOrThrow({ where: { gid: `gid://shopify/Customer/${customerId}`, shop: { domain: SHOP } } });
    const withRoom = await customer();
    expect(withRoom.creditLimitMinor).toBe(150_000n);
    expect(withRoom.riskLevel).not.toBe("high");
    // below the 80.00 owed: the risk level follows at once, not at the next refresh
    expect(await flow("set-credit-limit", { customer_id: customerId, amount: "50.00" })).toMatchObject({ status: 200 });
    expect(await customer()).toMatchObject({ creditLimitMinor: 5_000n, riskLevel: "high" });
    expect(await flow("set-credit-limit", { customer_id: customerId, amount: "" })).toMatchObject({ status: 200 });
    expect(await customer()).toMatchObject({ creditLimitMinor: null, riskLevel: withRoom.riskLevel });

    expect(await flow("hand-over-order", { order_id: id, note: "to the agency" })).toMatchObject({ status: 200 });
    expect(await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } })).toMatchObject({ workflowState: "handed_over" });
    // handed over: no reminder goes out any more, and Flow is told why
    const refused = await flow("send-reminder-now", { order_id: id });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatch(/not open or is in a dispute, an arrangement or a hand-over/);
  });

  it("a customer's reminders pause for all their orders and resume, within the shop", async () => {
    const { customerId, receivable } = await openOrder();
    const customer = await db.customer.findFirstOrThrow({ where: { gid: `gid://shopify/Customer/${customerId}`, shop: { domain: SHOP } } });
    expect(await flow("pause-customer-reminders", { customer_id: customerId, until: "2027-02-01", reason: "in talks with the customer" })).toMatchObject({ status: 200 });
    expect(await db.customer.findUniqueOrThrow({ where: { id: customer.id } })).toMatchObject({
      reminderPausedUntil: new Date("2027-02-01T23:59:59Z"), reminderPauseReason: "in talks with the customer",
    });
    const pauses = await db.ledgerEvent.findMany({ where: { shopId: receivable.shopId, orderGid: receivable.orderGid, kind: "pause" } });
    expect(pauses.map((p) => JSON.parse(p.detail))).toContainEqual(expect.objectContaining({ scope: "customer", reason: "in talks with the customer" }));
    expect(await flow("resume-customer-reminders", { customer_id: customerId })).toMatchObject({ status: 200 });
    expect(await db.customer.findUniqueOrThrow({ where: { id: customer.id } })).toMatchObject({ reminderPausedUntil: null, reminderPauseReason: null });
    // the same customer id in another shop is another shop's customer
    expect(await flow("pause-customer-reminders", { customer_id: customerId, until: "2027-02-01" }, { shop: OTHER })).toMatchObject({ status: 404 });
    expect(await flow("pause-customer-reminders", { customer_id: customerId, until: "2020-02-01" })).toMatchObject({ status: 422 });
  });

  it("a forged signature is 401 and changes nothing", async () => {
    const { id, receivable } = await openOrder();
    const forged = await flow("pause-reminders", { order_id: id, until: "2027-01-15" }, { secret: "not-the-secret" });
    expect(forged).toMatchObject({ status: 401, body: { error: expect.stringMatching(/signature/) } });
    expect(await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } })).toMatchObject({ pausedUntil: null });
  });

  it("another shop's order is not found, whatever its id", async () => {
    const { id, receivable } = await openOrder(OTHER);
    const answer = await flow("pause-reminders", { order_id: id, until: "2027-01-15" });
    expect(answer.status).toBe(404);
    expect(await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } })).toMatchObject({ pausedUntil: null });
  });

  it.each([
    ["pause-reminders", { order_id: "12abc", until: "2027-01-15" }, 400, /order_id must be a numeric id/],
    ["pause-reminders", { order_id: "ORDER", until: "next week" }, 400, /until must be a date/],
    ["pause-reminders", { order_id: "ORDER", until: "2027-02-30" }, 400, /until must be a date/],
    ["pause-reminders", { order_id: "ORDER", until: "2020-01-01" }, 422, /must lie in the future/],
    ["set-credit-limit", { customer_id: "CUSTOMER", amount: "lots" }, 422, /must be an amount/],
    ["set-credit-limit", { customer_id: "999999" }, 404, /no such customer/],
    ["refund-everything", { order_id: "ORDER" }, 400, /unknown action/],
  ] as const)("%s with %j is a %i that says why", async (handle, properties, status, error) => {
    const { id, customerId } = await openOrder();
    const filled = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, v === "ORDER" ? id : v === "CUSTOMER" ? customerId : v]));
    const answer = await flow(handle, filled);
    expect(answer.status).toBe(status);
    expect(String(answer.body.error)).toMatch(error);
  });

  it("a malformed body or an unknown shop is refused clearly", async () => {
    const body = "{not json";
    const response = await fetch(`${baseUrl}/flow/actions`, { method: "POST", body, headers: { "X-Shopify-Hmac-Sha256": getHmac(body, TEST_API_SECRET) } });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(/malformed Flow action request/);
    expect(await flow("resume-reminders", { order_id: "1" }, { shop: "never-installed.myshopify.com" })).toMatchObject({ status: 404 });
  });

  it("every flow_action extension is one the endpoint carries out, pointed at /flow/actions", () => {
    const actions = readExtensionTomls().map((t) => t.extensions[0]).filter((e) => e.type === "flow_action");
    for (const action of actions) expect(action.runtime_url).toMatch(/^https:\/\/[^/]+\/flow\/actions$/);
    expect(actions.map((a) => a.handle).sort()).toEqual([...FLOW_ACTIONS].sort());
  });
});
