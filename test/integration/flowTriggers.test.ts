/**
 * Shopify Flow triggers end to end: Flow's lifecycle callbacks over real HTTP (signed as Flow
 * signs them) say which triggers a shop's workflows use; the events recorded where they happen
 * go to a local Admin API that checks each payload against the trigger's extension toml; each
 * event is sent once, also with two processes at it, and waits out an Admin API outage.
 */
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getHmac } from "@shopify/shopify-api/test-helpers";
import { createDb, type Db } from "../../app/db/client";
import { createAdminClient } from "../../app/adapters/shopify/graphql/client";
import { outboxMailer } from "../../app/adapters/email/mailer";
import { API_VERSION } from "../../app/config.server";
import { FLOW_TRIGGERS } from "../../app/domain/flowTriggers";
import { recordFlowEvent, recordNewlyOverdue } from "../../app/services/automation/flowEvents";
import { sendFlowEvents } from "../../app/services/automation/flowEventSender";
import { runSchedulerTick } from "../../app/services/followUp/runScheduler";
import { makePromise, runPromiseTick } from "../../app/services/customers/promises";
import { proposeArrangement, runArrangementTick } from "../../app/services/arrangements/arrangements";
import { flagDisputesPastSla, openDispute } from "../../app/services/disputes/disputes";
import { closeFollowUp } from "../../app/services/ledger/receivableDetail";
import { refreshRiskLevels } from "../../app/services/customers/customerProfiles";
import { exportCustomerData, redactCustomer } from "../../app/services/ingest/compliance";
import { deliver } from "../support/webhooks";
import { newOrderId, orderPayload } from "../support/orders";
import { installShop } from "../support/testShop";
import { TEST_API_SECRET } from "../support/appServer";
import { startFakeShopifyAdmin, type FakeAdmin } from "../support/fakeShopifyAdmin";

const baseUrl = inject("baseUrl");
const databaseUrl = inject("databaseUrl");
const SHOP = "dunly-triggers.myshopify.com";
const QUIET = "dunly-triggers-unused.myshopify.com";
const DAY = 86_400_000;
/** orders are created 2026-11-01 with 14 days' terms: due 2026-11-15 */
const DUE = new Date("2026-11-15T00:00:00Z");
const USED_SINCE = new Date("2026-11-10T00:00:00Z");
let db: Db;
let admin: FakeAdmin;
let token: string;

const adminOf = async (shop: string) => createAdminClient({ shop, accessToken: token, apiVersion: API_VERSION, origin: admin.origin, maxAttempts: 1 });
const deps = { mailer: outboxMailer, appUrl: "https://dunly.example", secret: "test-secret" };

async function lifecycle(body: Record<string, unknown>, secret = TEST_API_SECRET) {
  const text = JSON.stringify(body);
  const response = await fetch(`${baseUrl}/flow/lifecycle`, {
    method: "POST", body: text, headers: { "Content-Type": "application/json", "X-Shopify-Hmac-Sha256": getHmac(text, secret) },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const callback = (shop: string, trigger: string, enabled: boolean, at: Date) =>
  ({ flow_trigger_definition_id: trigger, has_enabled_flow: enabled, shop_id: 690933842, shopify_domain: shop, timestamp: at.toISOString() });

async function openOrder(shop: string, createdAt = new Date("2026-11-01T10:00:00Z")) {
  const id = newOrderId();
  const customerId = newOrderId();
  await deliver(db, baseUrl, "orders/create", orderPayload({ id, customerId, total: "80.00", outstanding: "80.00", financialStatus: "pending", createdAt, updatedAt: createdAt }), { shop });
  const receivable = await db.receivable.findFirstOrThrow({ where: { orderGid: `gid://shopify/Order/${id}`, shop: { domain: shop } }, include: { customer: true } });
  return { id, customerId, receivable };
}

const triggerCalls = () => admin.requests.filter((r) => r.operation === "DunlyFlowTriggerReceive");

beforeAll(async () => {
  db = createDb(databaseUrl);
  ({ accessToken: token } = await installShop(db, SHOP));
  await installShop(db, QUIET);
  admin = await startFakeShopifyAdmin({ accessToken: token, shop: { name: SHOP, currencyCode: "EUR", myshopifyDomain: SHOP }, orders: [] });
});
afterAll(async () => {
  // the shops go with all they hold: other files' ticks over every shop must not meet this file's promises and arrangements
  await db.shop.deleteMany({ where: { domain: { in: [SHOP, QUIET, "dunly-triggers-any.myshopify.com", "dunly-triggers-two.myshopify.com"] } } });
  await admin.close();
  await db.$disconnect();
});

describe("Flow trigger lifecycle callbacks", () => {
  it("record which triggers a shop's workflows use; the newest callback wins; bad ones are refused clearly", async () => {
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    for (const trigger of FLOW_TRIGGERS) {
      expect(await lifecycle(callback(SHOP, trigger.handle, true, USED_SINCE))).toMatchObject({ status: 200, body: { ok: true, enabled: true } });
    }
    const key = { shopId_handle: { shopId: shop.id, handle: "dispute-opened" } };
    // a late callback from before is ignored; a newer one turns the trigger off and on again
    expect(await lifecycle(callback(SHOP, "dispute-opened", false, new Date(USED_SINCE.getTime() - 1000)))).toMatchObject({ status: 200, body: { enabled: true } });
    expect(await lifecycle(callback(SHOP, "dispute-opened", false, new Date(USED_SINCE.getTime() + 1000)))).toMatchObject({ status: 200, body: { enabled: false } });
    expect(await db.flowTriggerUse.findUniqueOrThrow({ where: key })).toMatchObject({ enabled: false });
    await lifecycle(callback(SHOP, "dispute-opened", true, new Date(USED_SINCE.getTime() + 2000)));
    expect(await db.flowTriggerUse.findUniqueOrThrow({ where: key })).toMatchObject({ enabled: true });

    expect(await lifecycle(callback(SHOP, "order-handed-over", true, USED_SINCE), "not-the-secret")).toMatchObject({ status: 401 });
    expect(await lifecycle({ ...callback(SHOP, "order-handed-over", true, USED_SINCE), has_enabled_flow: "yes" })).toMatchObject({
      status: 400, body: { error: expect.stringMatching(/has_enabled_flow must be true or false/) },
    });
    expect(await lifecycle({ ...callback(SHOP, "order-handed-over", true, USED_SINCE), timestamp: "yesterday" })).toMatchObject({ status: 400 });
    expect(await lifecycle(callback("never-installed.myshopify.com", "order-handed-over", true, USED_SINCE))).toMatchObject({ status: 404 });
    expect((await fetch(`${baseUrl}/flow/lifecycle`)).status).toBe(405);
  });

  it("an id the app cannot place still lets the merchant enable the workflow, and counts for every trigger", async () => {
    const other = "dunly-triggers-any.myshopify.com";
    const shop = (await installShop(db, other)).shop;
    expect(await lifecycle(callback(other, "gid://shopify/FlowTriggerDefinition/77", true, USED_SINCE))).toMatchObject({ status: 200, body: { enabled: true } });
    const { receivable } = await openOrder(other);
    expect(await recordFlowEvent(db, {
      shopId: shop.id, handle: "order-handed-over", key: "any:1", orderGid: receivable.orderGid, customerGid: receivable.customer!.gid, values: { "Amount outstanding": 80, Currency: "EUR" },
    }, USED_SINCE)).toBe(true);
    await db.flowEvent.deleteMany({ where: { shopId: shop.id } });
    await lifecycle(callback(other, "gid://shopify/FlowTriggerDefinition/77", false, new Date(USED_SINCE.getTime() + 1000)));
  });
});

describe("Flow triggers", () => {
  it("every event queues its trigger once where a workflow uses it, and Flow accepts every payload as its toml declares", async () => {
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    const quiet = await db.shop.findUniqueOrThrow({ where: { domain: QUIET } });
    const reminded = await openOrder(SHOP);
    const unused = await openOrder(QUIET);

    // the reminder flow runs day by day from three days before the due date to past the final notice
    for (let day = -3; day <= 16; day++) {
      const now = new Date(DUE.getTime() + day * DAY + 12 * 3_600_000);
      await runSchedulerTick(db, { clock: () => now, mailer: outboxMailer });
      await recordNewlyOverdue(db, now);
    }
    const now = new Date(DUE.getTime() + 17 * DAY + 12 * 3_600_000);

    const promised = await openOrder(SHOP);
    await makePromise(db, { shopId: shop.id, receivableId: promised.receivable.id, source: "staff", promisedFor: new Date(now.getTime() + 2 * DAY) }, now);
    await runPromiseTick(db, new Date(now.getTime() + 5 * DAY));

    const arranged = await openOrder(SHOP);
    await proposeArrangement(db, null, { shopId: shop.id, receivableId: arranged.receivable.id, source: "staff", instalments: 2, intervalDays: 14, firstDueAt: new Date(now.getTime() + DAY) }, now);
    await runArrangementTick(db, deps, new Date(now.getTime() + 30 * DAY));

    const disputed = await openOrder(SHOP);
    await openDispute(db, null, { shopId: shop.id, receivableId: disputed.receivable.id, source: "staff", reason: "damaged", message: "arrived broken" }, now);
    await flagDisputesPastSla(db, new Date(now.getTime() + 30 * DAY));

    const handedOver = await openOrder(SHOP);
    await closeFollowUp(db, shop.id, handedOver.receivable.id, "handed_over", "to the agency", now);

    await db.customer.update({ where: { id: reminded.receivable.customerId! }, data: { riskLevel: "high" } });
    await refreshRiskLevels(db, shop.id, [reminded.receivable.customerId!], now);

    // the same activity in a shop without workflows queues nothing
    await openDispute(db, null, { shopId: quiet.id, receivableId: unused.receivable.id, source: "staff", reason: "damaged", message: "arrived broken" }, now);
    expect(await db.flowEvent.count({ where: { shopId: quiet.id } })).toBe(0);

    const events = await db.flowEvent.findMany({ where: { shopId: shop.id }, orderBy: { createdAt: "asc" } });
    expect(new Set(events.map((e) => e.handle))).toEqual(new Set(FLOW_TRIGGERS.map((t) => t.handle)));
    const ofReminded = events.filter((e) => e.payload.includes(`"order_id":${reminded.id},`));
    expect(ofReminded.filter((e) => e.handle === "receivable-overdue")).toHaveLength(1);
    expect(ofReminded.filter((e) => e.handle === "final-notice-sent")).toHaveLength(1);
    expect(ofReminded.filter((e) => e.handle === "reminder-step-sent").map((e) => JSON.parse(e.payload.replace(/:(\d{16,})/g, ':"$1"')).Step)).toEqual(
      ["pre_due", "reminder_1", "reminder_2", "final_notice"],
    );

    // the worker sends after the last of them (the arrangement and the late dispute, a month on)
    const sent = await sendFlowEvents(db, adminOf, new Date(now.getTime() + 31 * DAY), 500);
    expect(sent).toEqual({ sent: events.length, refused: 0, retrying: 0 });
    const calls = triggerCalls();
    expect(calls).toHaveLength(events.length);
    const overdue = calls.find((c) => c.variables.handle === "receivable-overdue" && String((c.variables.payload as Record<string, unknown>).order_id) === reminded.id);
    expect(overdue?.variables.payload).toEqual({
      order_id: reminded.id, customer_id: reminded.customerId, "Amount outstanding": 80, Currency: "EUR", "Due date": "2026-11-15",
    });

    // seen again (another tick, the same callbacks): nothing new is queued or sent
    await recordNewlyOverdue(db, now);
    await closeFollowUp(db, shop.id, handedOver.receivable.id, "handed_over", "again", now).catch(() => undefined);
    await flagDisputesPastSla(db, new Date(now.getTime() + 31 * DAY));
    expect(await db.flowEvent.count({ where: { shopId: shop.id } })).toBe(events.length);
    expect(await sendFlowEvents(db, adminOf, new Date(now.getTime() + 32 * DAY), 500)).toEqual({ sent: 0, refused: 0, retrying: 0 });

    // the customer's data request lists the triggers about them; their erasure removes them, and only them
    const subject = { customerGid: `gid://shopify/Customer/${reminded.customerId}`, orderGids: [], email: null };
    const exported = await exportCustomerData(db, shop, subject);
    const aboutCustomer = events.filter((e) => e.payload.includes(`"customer_id":${reminded.customerId},`));
    expect(aboutCustomer.length).toBeGreaterThan(ofReminded.length); // their risk level too, which names no order
    expect(exported.flowTriggers).toHaveLength(aboutCustomer.length);
    await redactCustomer(db, shop, subject, now);
    expect(await db.flowEvent.count({ where: { shopId: shop.id } })).toBe(events.length - aboutCustomer.length);
  });

  it("while the Admin API is away an event waits with growing pauses; a refusal by Shopify is kept with its reason", async () => {
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    const now = new Date("2027-01-20T12:00:00Z");
    const { receivable } = await openOrder(SHOP);
    await closeFollowUp(db, shop.id, receivable.id, "handed_over", "to the agency", now);
    await db.flowEvent.create({ data: { shopId: shop.id, handle: "no-such-trigger", eventKey: "test:refused", payload: "{\"order_id\":1,\"x\":1}", status: "pending", nextAttemptAt: now, createdAt: now } });
    admin.setState({ accessToken: token, shop: { name: SHOP, currencyCode: "EUR", myshopifyDomain: SHOP }, orders: [], failNext: { status: 503, count: 2 } });

    expect(await sendFlowEvents(db, adminOf, now)).toEqual({ sent: 0, refused: 0, retrying: 2 });
    const waiting = await db.flowEvent.findFirstOrThrow({ where: { shopId: shop.id, handle: "order-handed-over", status: "pending" } });
    expect(waiting.error).toMatch(/Admin API 503/);
    expect(waiting.nextAttemptAt!.getTime()).toBeGreaterThanOrEqual(now.getTime() + 30_000);
    expect(await sendFlowEvents(db, adminOf, now)).toEqual({ sent: 0, refused: 0, retrying: 0 }); // nothing is due yet

    const later = new Date(now.getTime() + 10 * 60_000);
    expect(await sendFlowEvents(db, adminOf, later)).toEqual({ sent: 1, refused: 1, retrying: 0 });
    expect(await db.flowEvent.findUniqueOrThrow({ where: { id: waiting.id } })).toMatchObject({ status: "sent", attempts: 2, sentAt: later });
    expect(await db.flowEvent.findFirstOrThrow({ where: { shopId: shop.id, eventKey: "test:refused" } })).toMatchObject({
      status: "failed", error: expect.stringMatching(/Could not find a trigger with handle no-such-trigger/),
    });
  });

  it("two processes at the same events send each trigger once", async () => {
    const domain = "dunly-triggers-two.myshopify.com";
    const { shop, accessToken } = await installShop(db, domain);
    await lifecycle(callback(domain, "receivable-overdue", true, USED_SINCE));
    const orders = [];
    // due 2026-12-15: no other test's order falls due around then
    for (let i = 0; i < 12; i++) orders.push(await openOrder(domain, new Date("2026-12-01T10:00:00Z")));
    admin.setState({ accessToken, shop: { name: domain, currencyCode: "EUR", myshopifyDomain: domain }, orders: [] });

    const at = new Date("2026-12-16T12:00:00Z");
    const run = () => new Promise<string>((resolve, reject) => {
      const child = spawn("npx", ["tsx", "test/support/flowProcess.ts"], {
        env: { ...process.env, DATABASE_URL: databaseUrl, DUNLY_FLOW_AT: at.toISOString(), FAKE_ADMIN_ORIGIN: admin.origin, FAKE_ADMIN_TOKEN: accessToken },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
      child.once("exit", (code) => (code === 0 ? resolve(output) : reject(new Error(`flow process exited ${code}: ${output}`))));
    });
    await Promise.all([run(), run()]);

    const sentOrders = triggerCalls().map((c) => String((c.variables.payload as Record<string, unknown>).order_id));
    expect(sentOrders.sort()).toEqual(orders.map((o) => o.id).sort());
    expect(await db.flowEvent.count({ where: { shopId: shop.id, status: "sent" } })).toBe(orders.length);
  });
});
