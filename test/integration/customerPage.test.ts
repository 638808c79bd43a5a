import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { signCustomerLink } from "../../app/services/customers/customerLinks";
import { deliver } from "../support/webhooks";
import { newOrderId, orderPayload } from "../support/orders";
import { installShop } from "../support/testShop";
import { TEST_API_SECRET } from "../support/appServer";

const baseUrl = inject("baseUrl");
const DOMAIN = "dunly-customer-page.myshopify.com";
const OTHER = "dunly-other-shop.myshopify.com";
let db: Db;
let shopId: string;
let receivable: { id: string; customerId: string | null; orderName: string };
let second: { id: string; orderName: string };

const at = (day: number) => new Date(Date.UTC(2026, 10, day, 12));
const link = (over: Partial<{ shopId: string; customerId: string; receivableId: string; expiresAt: Date }> = {}) =>
  `${baseUrl}/c/${signCustomerLink({
    shopId, customerId: receivable.customerId!, receivableId: receivable.id, expiresAt: new Date(Date.now() + 7 * 86_400_000), ...over,
  }, TEST_API_SECRET)}`;
const post = (url: string, fields: Record<string, string>) =>
  fetch(url, { method: "POST", body: new URLSearchParams(fields), headers: { "Content-Type": "application/x-www-form-urlencoded" }, redirect: "manual" });

beforeAll(async () => {
  db = createDb(inject("databaseUrl"));
  ({ shop: { id: shopId } } = await installShop(db, DOMAIN));
  await installShop(db, OTHER);
  const ids = [newOrderId(), newOrderId()];
  for (const id of ids) {
    await deliver(db, baseUrl, "orders/create", orderPayload({ id, total: "300.00", outstanding: "300.00", financialStatus: "pending", updatedAt: at(1), customerId: "880001" }), { shop: DOMAIN });
  }
  const rows = await db.receivable.findMany({ where: { shopId }, orderBy: { orderGid: "asc" } });
  receivable = rows[0];
  second = rows[1];
});
afterAll(async () => {
  await db.$disconnect();
});

describe("the signed customer page over HTTP", () => {
  it("shows the customer's open invoices with pay buttons, in their language", async () => {
    const response = await fetch(link(), { headers: { "Accept-Language": "en" } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(receivable.orderName);
    expect(html).toContain(second.orderName);
    expect(html).toContain("€300.00"); // the example customer's locale is en
    expect(html).toContain('name="robots" content="noindex, nofollow"');
  });

  it.each([
    ["a tampered signature", () => link().replace(/(.{10})$/, (tail) => (tail[0] === "A" ? "B" : "A") + tail.slice(1)), 403],
    ["a signature differing only in spare bits", () => link().replace(/.$/, (c) => String.fromCharCode(c.charCodeAt(0) ^ 1)), 403],
    ["an expired link", () => link({ expiresAt: new Date(Date.now() - 1000) }), 410],
    ["a link naming another shop", async () => link({ shopId: (await db.shop.findUniqueOrThrow({ where: { domain: OTHER } })).id }), 404],
    ["a link naming another customer", () => link({ customerId: "someone-else" }), 404],
    ["garbage", () => `${baseUrl}/c/%3Cscript%3Ealert(1)%3C%2Fscript%3E`, 403],
  ])("refuses %s with a clear page that reveals nothing", async (_what, makeUrl, status) => {
    const response = await fetch(await makeUrl());
    expect(response.status).toBe(status);
    const html = await response.text();
    expect(html).toMatch(/This link (is not valid|has expired)/);
    expect(html).not.toContain(receivable.orderName);
    expect(html).not.toContain("<script>alert");
  });

  it("a dispute from the page pauses the order, reaches the admin's list, and acknowledges by email", async () => {
    const response = await post(link(), { intent: "dispute", receivableId: receivable.id, reason: "damaged", message: "The frame arrived bent." });
    expect(response.status).toBe(200);
    const dispute = await db.dispute.findFirstOrThrow({ where: { receivableId: receivable.id }, include: { messages: true } });
    expect(dispute).toMatchObject({ source: "customer", reason: "damaged", status: "open" });
    expect(dispute.messages[0].body).toBe("The frame arrived bent.");
    expect(await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } })).toMatchObject({ workflowState: "disputed" });
    const ack = await db.message.findFirstOrThrow({ where: { receivableId: receivable.id, stepKey: `dispute_ack_${dispute.id}` } });
    expect(ack.status).toBe("outbox");
    expect(ack.text).toContain("paused the reminders");
    const entry = (await db.ledgerEvent.findMany({ where: { shopId, kind: "message" } })).map((e) => JSON.parse(e.detail)).find((d) => d.stepKey === ack.stepKey);
    expect(entry).toMatchObject({ purpose: "notice", status: "outbox" });
  });

  it("refuses nonsense in the forms with a clear error and changes nothing", async () => {
    const bad = await post(link(), { intent: "dispute", receivableId: second.id, reason: "because", message: "x" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("choose one of the listed reasons");
    const foreign = await post(link(), { intent: "paid", receivableId: "not-theirs" });
    expect(foreign.status).toBe(400);
    // a Dutch customer reads why in Dutch
    await db.customer.update({ where: { id: receivable.customerId! }, data: { locale: "nl" } });
    const dutch = await post(link(), { intent: "dispute", receivableId: second.id, reason: "because", message: "x" });
    expect(await dutch.text()).toContain("Dit konden wij niet verwerken: kies een van de genoemde redenen");
    await db.customer.update({ where: { id: receivable.customerId! }, data: { locale: null } });
    const plan = await post(link(), { intent: "arrangement", receivableId: second.id, instalments: "1", intervalDays: "3", firstDueAt: "yesterday" });
    expect(plan.status).toBe(400);
    expect(await db.arrangement.count({ where: { receivableId: second.id } })).toBe(0);
    expect(await db.dispute.count({ where: { receivableId: second.id } })).toBe(0);
  });

  it("a 3-instalment proposal inside the rules is accepted at once", async () => {
    const first = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const response = await post(link(), { intent: "arrangement", receivableId: second.id, instalments: "3", intervalDays: "30", firstDueAt: first });
    expect(response.status).toBe(200);
    const arrangement = await db.arrangement.findFirstOrThrow({ where: { receivableId: second.id }, include: { instalments: { orderBy: { seq: "asc" } } } });
    expect(arrangement.status).toBe("active");
    expect(arrangement.instalments.map((i) => i.amountMinor)).toEqual([10000n, 10000n, 10000n]);
    expect(await db.receivable.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({ workflowState: "in_arrangement" });
  });

  it("a Shopify Payments chargeback opens a dispute; its final status resolves it", async () => {
    const id = newOrderId();
    await deliver(db, baseUrl, "orders/create", orderPayload({ id, total: "80.00", outstanding: "80.00", financialStatus: "pending", updatedAt: at(1) }), { shop: DOMAIN });
    const dispute = (status: string) => `{"id":285332461850802050,"order_id":${id},"type":"chargeback","amount":"80.00","currency":"EUR","reason":"fraudulent","status":"${status}","initiated_at":"2026-11-20T10:00:00Z"}`;
    await deliver(db, baseUrl, "disputes/create", dispute("needs_response"), { shop: DOMAIN });
    const target = await db.receivable.findUniqueOrThrow({ where: { shopId_orderGid: { shopId, orderGid: `gid://shopify/Order/${id}` } } });
    expect(target.workflowState).toBe("disputed");
    expect(await db.dispute.findFirstOrThrow({ where: { receivableId: target.id } })).toMatchObject({ source: "shopify", reason: "chargeback", status: "open" });
    await deliver(db, baseUrl, "disputes/update", dispute("won"), { shop: DOMAIN });
    expect(await db.dispute.findFirstOrThrow({ where: { receivableId: target.id } })).toMatchObject({ status: "resolved", resolution: "rejected" });
    expect((await db.receivable.findUniqueOrThrow({ where: { id: target.id } })).workflowState).toBeNull();
  });
});

describe("the customer page through Shopify's app proxy", () => {
  /** Shopify's app proxy signature: sorted key=value pairs joined without separator, HMAC-SHA256 hex. */
  function proxied(path: string, secret = TEST_API_SECRET, shop = DOMAIN) {
    const params: Record<string, string> = {
      shop, logged_in_customer_id: "", path_prefix: "/apps/dunly", timestamp: String(Math.floor(Date.now() / 1000)),
    };
    const message = Object.keys(params).sort().map((k) => `${k}=${params[k]}`).join("");
    const signature = createHmac("sha256", secret).update(message).digest("hex");
    return `${baseUrl}/proxy${path}?${new URLSearchParams({ ...params, signature })}`;
  }

  it("serves the page for a request Shopify signed, and refuses an unsigned one", async () => {
    const token = link().split("/c/")[1];
    const ok = await fetch(proxied(`/c/${token}`));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain(second.orderName);
    const forged = await fetch(proxied(`/c/${token}`, "not-the-secret"));
    expect(forged.status).toBe(400);
    const bare = await fetch(`${baseUrl}/proxy/c/${token}`);
    expect(bare.status).toBe(400);
  });

  it("refuses a link of one shop proxied through another shop's domain", async () => {
    const token = link().split("/c/")[1];
    const elsewhere = await fetch(proxied(`/c/${token}`, TEST_API_SECRET, OTHER));
    expect(elsewhere.status).toBe(404);
    expect(await elsewhere.text()).not.toContain(second.orderName);
    const action = await post(proxied(`/c/${token}`, TEST_API_SECRET, OTHER), { intent: "paid", receivableId: receivable.id });
    expect(action.status).toBe(404);
  });
});
