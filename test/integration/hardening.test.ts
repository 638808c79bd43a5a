/**
 * The findings of the outside security review (hardening issue), each tried the way it was found:
 * over HTTP against the running app.
 */
import http from "node:http";
import { readFileSync } from "node:fs";
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { signCustomerLink } from "../../app/services/customers/customerLinks";
import { deliver, sendWebhook } from "../support/webhooks";
import { newOrderId, orderPayload } from "../support/orders";
import { installShop } from "../support/testShop";
import { TEST_API_SECRET } from "../support/appServer";

const baseUrl = inject("baseUrl");
const serverPid = inject("serverPid");
let db: Db;

const at = (day: number) => new Date(Date.UTC(2026, 10, day, 12));
const post = (url: string, fields: Record<string, string>) =>
  fetch(url, { method: "POST", body: new URLSearchParams(fields), headers: { "Content-Type": "application/x-www-form-urlencoded" }, redirect: "manual" });

beforeAll(() => {
  db = createDb(inject("databaseUrl"));
});
afterAll(async () => {
  await db.$disconnect();
});

/** An open order of a customer, and a signed link to their page. */
async function customerWithOrder(domain: string, customerId: string) {
  const { shop } = await installShop(db, domain);
  const id = newOrderId();
  await deliver(db, baseUrl, "orders/create", orderPayload({ id, total: "120.00", outstanding: "120.00", financialStatus: "pending", updatedAt: at(1), customerId }), { shop: domain });
  const receivable = await db.receivable.findUniqueOrThrow({ where: { shopId_orderGid: { shopId: shop.id, orderGid: `gid://shopify/Order/${id}` } } });
  const token = signCustomerLink({ shopId: shop.id, customerId: receivable.customerId!, receivableId: receivable.id, expiresAt: new Date(Date.now() + 7 * 86_400_000) }, TEST_API_SECRET);
  return { shop, receivable, link: `${baseUrl}/c/${token}` };
}

function residentMegabytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"))!;
  return Number(line.replace(/\D+/g, "")) / 1024;
}

/**
 * POSTs `megabytes` of a chunked body (no Content-Length) and stops sending as soon as the server
 * answers, the way an attacker's client would keep sending until cut off.
 */
function postChunked(path: string, headers: Record<string, string>, megabytes: number): Promise<{ status: number; sentMegabytes: number }> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    let answered = false;
    let sent = 0;
    const request = http.request({ host: "127.0.0.1", port: url.port, path: url.pathname, method: "POST", headers: { ...headers, "Transfer-Encoding": "chunked" } }, (response) => {
      answered = true;
      response.resume();
      response.on("end", () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, sentMegabytes: sent / 1024 / 1024 });
      });
    });
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    const chunk = Buffer.alloc(64 * 1024, "a");
    const pump = () => {
      while (!answered && sent < megabytes * 1024 * 1024) {
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once("drain", pump);
      }
      if (!answered) request.end();
    };
    pump();
  });
}

describe("request bodies are counted while they stream", () => {
  it.each([
    ["/webhooks", { "Content-Type": "application/json", "X-Shopify-Topic": "orders/create", "X-Shopify-Hmac-Sha256": "x" }],
    ["/webhooks/resend", { "Content-Type": "application/json" }],
  ])("a chunked 50 MB POST to %s without a signature is answered 413 and the memory stays bounded", async (path, headers) => {
    const before = residentMegabytes(serverPid);
    const results = await Promise.all([1, 2, 3, 4].map(() => postChunked(path, headers, 50)));
    for (const result of results) expect(result.status).toBe(413);
    // four bodies of 50 MB each would be 200 MB if read whole
    expect(residentMegabytes(serverPid) - before).toBeLessThan(60);
    expect(Math.min(...results.map((r) => r.sentMegabytes))).toBeLessThan(50);
  });

  it("a chunked 50 MB form on the customer page is answered 413", async () => {
    const { link } = await customerWithOrder("dunly-harden-form.myshopify.com", "990001");
    const before = residentMegabytes(serverPid);
    const result = await postChunked(new URL(link).pathname, { "Content-Type": "application/x-www-form-urlencoded" }, 50);
    expect(result.status).toBe(413);
    expect(residentMegabytes(serverPid) - before).toBeLessThan(60);
  });
});

describe("webhook shop binding and freshness", () => {
  it("a signed shop/redact of shop A re-sent with shop B's header erases nothing", async () => {
    const a = "dunly-harden-a.myshopify.com";
    const b = "dunly-harden-b.myshopify.com";
    await installShop(db, a);
    const { shop: shopB } = await installShop(db, b);
    await deliver(db, baseUrl, "orders/create", orderPayload({ id: newOrderId(), total: "10.00", outstanding: "10.00", financialStatus: "pending", updatedAt: at(1) }), { shop: b });
    for (const [topic, body] of [
      ["shop/redact", { shop_id: 1, shop_domain: a }],
      ["customers/redact", { shop_id: 1, shop_domain: a, customer: { id: 1, email: "x@example.com", phone: null }, orders_to_redact: [] }],
      ["customers/data_request", { shop_id: 1, shop_domain: a, customer: { id: 1, email: "x@example.com", phone: null }, orders_requested: [], data_request: { id: 1 } }],
      ["app/uninstalled", { id: 1, name: "A", domain: a, myshopify_domain: a }],
    ] as const) {
      const sent = await sendWebhook(baseUrl, topic, body, { shop: b });
      expect(sent.status, topic).toBe(422);
      expect(String(sent.body.error)).toContain("does not match X-Shopify-Shop-Domain");
    }
    expect(await db.shop.findUniqueOrThrow({ where: { domain: b } })).toMatchObject({ uninstalledAt: null });
    expect(await db.receivable.count({ where: { shopId: shopB.id } })).toBe(1);
  });

  it("an app/uninstalled triggered before the latest install changes nothing; a fresh one uninstalls", async () => {
    const domain = "dunly-harden-reinstall.myshopify.com";
    const { shop } = await installShop(db, domain);
    await db.shop.update({ where: { id: shop.id }, data: { installedAt: new Date("2026-11-20T10:00:00Z") } });
    const body = { id: 1, name: "Back", domain, myshopify_domain: domain };
    const stale = await deliver(db, baseUrl, "app/uninstalled", body, { shop: domain, headers: { "X-Shopify-Triggered-At": "2026-11-19T10:00:00Z" } });
    expect(stale).toMatchObject({ status: "done", error: "uninstalled before the latest install: ignored" });
    expect(await db.shop.findUniqueOrThrow({ where: { domain } })).toMatchObject({ uninstalledAt: null });
    expect(await db.session.count({ where: { shop: domain } })).toBe(1);
    await deliver(db, baseUrl, "app/uninstalled", body, { shop: domain, headers: { "X-Shopify-Triggered-At": "2026-11-21T10:00:00Z" } });
    expect((await db.shop.findUniqueOrThrow({ where: { domain } })).uninstalledAt).not.toBeNull();
  });
});

describe("strict webhook input", () => {
  const SHOP = "dunly-harden-strict.myshopify.com";
  beforeAll(async () => {
    await installShop(db, SHOP);
  });

  it("refuses the signature in base64url, without padding or with trailing junk", async () => {
    const raw = orderPayload({ id: newOrderId(), total: "5.00", outstanding: "5.00", financialStatus: "pending", updatedAt: at(1) });
    const good = createHmac("sha256", TEST_API_SECRET).update(raw).digest("base64");
    const variants = [good.replace(/\+/g, "-").replace(/\//g, "_"), good.replace(/=$/, ""), `${good}AAAA`, `${good}==`];
    for (const signature of variants.filter((v) => v !== good)) {
      expect((await sendWebhook(baseUrl, "orders/create", raw, { shop: SHOP, signature })).status, signature).toBe(401);
    }
    expect((await sendWebhook(baseUrl, "orders/create", raw, { shop: SHOP, signature: good })).status).toBe(200);
  });

  it("a signed payload with a lone surrogate is refused as unreadable, not retried", async () => {
    const raw = orderPayload({ id: newOrderId(), total: "5.00", outstanding: "5.00", financialStatus: "pending", updatedAt: at(1), customerId: "990002" })
      .replace(/"email":"[^"]*"/, '"email":"bad\\ud800@example.com"');
    expect(raw).toContain("\\ud800");
    const sent = await sendWebhook(baseUrl, "orders/create", raw, { shop: SHOP });
    expect(sent.status).toBe(422);
    expect(String(sent.body.error)).toContain("lone surrogate");
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: sent.webhookId } })).toMatchObject({ status: "rejected" });
  });
});

describe("workflow states are not overwritten by a customer's action", () => {
  it("dispute, then an out-of-rules proposal: refused; a staff rejection of an earlier proposal leaves the dispute in force", async () => {
    const { shop, receivable, link } = await customerWithOrder("dunly-harden-workflow.myshopify.com", "990003");
    const first = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    // a proposal outside the rules waits for staff
    expect((await post(link, { intent: "arrangement", receivableId: receivable.id, instalments: "12", intervalDays: "30", firstDueAt: first })).status).toBe(200);
    const pending = await db.arrangement.findFirstOrThrow({ where: { receivableId: receivable.id } });
    expect(pending.status).toBe("pending_approval");
    // then the customer disputes the order
    expect((await post(link, { intent: "dispute", receivableId: receivable.id, reason: "damaged", message: "Broken on arrival." })).status).toBe(200);
    expect(await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } })).toMatchObject({ workflowState: "disputed" });
    // staff reject the proposal: the dispute stays
    const { decideArrangement } = await import("../../app/services/arrangements/arrangements");
    await decideArrangement(db, null, { shopId: shop.id, arrangementId: pending.id, approve: false }, new Date());
    expect(await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } })).toMatchObject({ workflowState: "disputed" });
    // a new proposal and "already paid" are refused while it is disputed
    const again = await post(link, { intent: "arrangement", receivableId: receivable.id, instalments: "2", intervalDays: "14", firstDueAt: first });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("disputed");
    const paid = await post(link, { intent: "paid", receivableId: receivable.id });
    expect(paid.status).toBe(400);
    expect(await db.task.count({ where: { receivableId: receivable.id, kind: "check_payment" } })).toBe(0);
    expect(await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } })).toMatchObject({ workflowState: "disputed" });
  });
});

describe("repeated customer-page actions", () => {
  it("twenty 'already paid' clicks make one task and one pause", async () => {
    const { receivable, link } = await customerWithOrder("dunly-harden-repeat.myshopify.com", "990004");
    for (let i = 0; i < 20; i++) expect((await post(link, { intent: "paid", receivableId: receivable.id })).status).toBe(200);
    expect(await db.task.count({ where: { receivableId: receivable.id, kind: "check_payment" } })).toBe(1);
    expect(await db.ledgerEvent.count({ where: { shopId: receivable.shopId, orderGid: receivable.orderGid, kind: "pause" } })).toBe(1);
  });

  it("thirty dispute posts within the hour: the first five are taken, the rest are refused", async () => {
    const { receivable, link } = await customerWithOrder("dunly-harden-spam.myshopify.com", "990005");
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await post(link, { intent: "dispute", receivableId: receivable.id, reason: "damaged", message: `message ${i}` })).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 400)).toHaveLength(25);
    expect(await db.disputeMessage.count({ where: { dispute: { receivableId: receivable.id } } })).toBe(5);
  });
});

describe("an uninstalled shop", () => {
  it("its customer page accepts nothing and shows nothing", async () => {
    const domain = "dunly-harden-gone.myshopify.com";
    const { receivable, link } = await customerWithOrder(domain, "990006");
    expect((await fetch(link)).status).toBe(200);
    await deliver(db, baseUrl, "app/uninstalled", { id: 1, name: "Gone", domain, myshopify_domain: domain }, { shop: domain });
    const page = await fetch(link);
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain(receivable.orderName);
    expect((await post(link, { intent: "dispute", receivableId: receivable.id, reason: "damaged", message: "x" })).status).toBe(404);
    expect(await db.dispute.count({ where: { receivableId: receivable.id } })).toBe(0);
  });
});

describe("admin requests that do not come from Shopify admin", () => {
  it("a cross-origin form post is 403, a same-origin one without a session token 401", async () => {
    const form = (headers: Record<string, string>) => fetch(`${baseUrl}/app/receivables`, {
      method: "POST", body: new URLSearchParams({ intent: "handed_over", id: "anything" }),
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    });
    const crossOrigin = await form({ Origin: "https://evil.example" });
    expect(crossOrigin.status).toBe(403);
    expect(await crossOrigin.text()).toContain("cross-origin");
    const noToken = await form({ Origin: baseUrl });
    expect(noToken.status).toBe(401);
    expect(await noToken.text()).toContain("session token");
  });

  it("a correctly signed session token for a shop outside myshopify.com is refused, not a 500", async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const now = Math.floor(Date.now() / 1000);
    const head = `${b64({ alg: "HS256", typ: "JWT" })}.${b64({ iss: "https://evil.example/admin", dest: "https://evil.example", aud: "dunly-test-key", sub: "1", exp: now + 60, nbf: now - 5, iat: now, jti: "j", sid: "s" })}`;
    const token = `${head}.${createHmac("sha256", TEST_API_SECRET).update(head).digest("base64url")}`;
    const post = await fetch(`${baseUrl}/app/receivables`, { method: "POST", body: new URLSearchParams({ intent: "pause" }), headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/x-www-form-urlencoded" } });
    expect(post.status).toBeGreaterThanOrEqual(400);
    expect(post.status).toBeLessThan(500);
  });
});
