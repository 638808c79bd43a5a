/**
 * Promise to pay over HTTP and a moving clock: made on the customer page (and by staff on the
 * order page), reminders wait until the day after, a payment keeps it, no payment breaks it:
 * an alert, a mark in the risk profile, and the flow goes on with its next step.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { signCustomerLink } from "../../app/services/customers/customerLinks";
import { runPromiseTick } from "../../app/services/customers/promises";
import { runSchedulerTick } from "../../app/services/followUp/runScheduler";
import { profilesFor } from "../../app/services/customers/customerProfiles";
import { outboxMailer } from "../../app/adapters/email/mailer";
import { deliver } from "../support/webhooks";
import { newOrderId, orderPayload, transactionPayload } from "../support/orders";
import { installShop } from "../support/testShop";
import { adminPost } from "../support/adminRequest";
import { TEST_API_SECRET } from "../support/appServer";

const baseUrl = inject("baseUrl");
const DOMAIN = "dunly-promises.myshopify.com";
const DAY = 86_400_000;
let db: Db;
let shopId: string;

beforeAll(async () => {
  db = createDb(inject("databaseUrl"));
  ({ shop: { id: shopId } } = await installShop(db, DOMAIN));
});
afterAll(async () => {
  await db.$disconnect();
});

async function overdueOrder(customerId: string) {
  const id = newOrderId();
  const issued = new Date(Date.now() - 30 * DAY);
  await deliver(db, baseUrl, "orders/create", orderPayload({ id, total: "80.00", outstanding: "80.00", financialStatus: "pending", createdAt: issued, updatedAt: issued, customerId }), { shop: DOMAIN });
  const receivable = await db.receivable.findUniqueOrThrow({ where: { shopId_orderGid: { shopId, orderGid: `gid://shopify/Order/${id}` } } });
  const token = signCustomerLink({ shopId, customerId: receivable.customerId!, receivableId: receivable.id, expiresAt: new Date(Date.now() + 7 * DAY) }, TEST_API_SECRET);
  return { id, receivable, link: `${baseUrl}/c/${token}` };
}

const post = (url: string, fields: Record<string, string>) =>
  fetch(url, { method: "POST", body: new URLSearchParams(fields), headers: { "Content-Type": "application/x-www-form-urlencoded" } });
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

describe("promise to pay", () => {
  it("a promise from the customer page pauses reminders; unpaid after the grace day it breaks, alerts, and the flow resumes", async () => {
    const { receivable, link } = await overdueOrder("660001");
    expect((await post(link, { intent: "promise", receivableId: receivable.id, promisedFor: day(30) })).status).toBe(400);
    const made = await post(link, { intent: "promise", receivableId: receivable.id, promisedFor: day(5) });
    expect(made.status).toBe(200);
    expect(await made.text()).toContain("promise");
    // saying it again changes nothing
    expect((await post(link, { intent: "promise", receivableId: receivable.id, promisedFor: day(7) })).status).toBe(200);
    const promises = await db.paymentPromise.findMany({ where: { receivableId: receivable.id } });
    expect(promises).toHaveLength(1);
    const promisedFor = promises[0].promisedFor;
    expect((await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } })).pausedUntil).toEqual(new Date(promisedFor.getTime() + DAY));

    // while the promise runs, no reminder
    const during = new Date(promisedFor.getTime() - DAY);
    await runSchedulerTick(db, { clock: () => during, mailer: outboxMailer });
    await runPromiseTick(db, during);
    expect(await db.message.count({ where: { receivableId: receivable.id } })).toBe(0);
    expect(await db.paymentPromise.findUniqueOrThrow({ where: { id: promises[0].id } })).toMatchObject({ status: "open" });

    // the grace day is over and nothing came in
    const after = new Date(promisedFor.getTime() + DAY + 3_600_000);
    expect(await runPromiseTick(db, after)).toMatchObject({ broken: 1 });
    expect(await db.paymentPromise.findUniqueOrThrow({ where: { id: promises[0].id } })).toMatchObject({ status: "broken" });
    expect(await db.alert.findFirstOrThrow({ where: { shopId, kind: "promise_broken" } })).toMatchObject({ receivableId: receivable.id });
    expect((await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } })).pausedUntil).toBeNull();
    const atTen = new Date(after);
    atTen.setUTCHours(9, 0, 0, 0);
    await runSchedulerTick(db, { clock: () => new Date(atTen.getTime() + DAY), mailer: outboxMailer });
    expect(await db.message.count({ where: { receivableId: receivable.id, sentAt: { not: null } } })).toBeGreaterThan(0);
    const profile = (await profilesFor(db, shopId, [receivable.customerId!], after)).get(receivable.customerId!)!;
    expect(profile.brokenPromises).toBe(1);
    const timeline = await db.ledgerEvent.findMany({ where: { shopId, orderGid: receivable.orderGid, kind: "promise" } });
    expect(timeline.map((e) => JSON.parse(e.detail).status).sort()).toEqual(["broken", "open"]);
  });

  it("a payment before the day keeps the promise; staff can record one on the order page", async () => {
    const { id, receivable } = await overdueOrder("660002");
    const response = await adminPost(baseUrl, DOMAIN, `/app/receivables/${receivable.id}?_data=routes%2Fapp.receivables_.%24id`, { intent: "promise", promisedFor: day(3) });
    expect(response.status).toBe(200);
    const promise = await db.paymentPromise.findFirstOrThrow({ where: { receivableId: receivable.id } });
    expect(promise.source).toBe("staff");
    await deliver(db, baseUrl, "order_transactions/create", transactionPayload({ id: newOrderId(), orderId: id, amount: "80.00", at: new Date() }), { shop: DOMAIN });
    expect((await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } })).status).toBe("paid");
    expect(await runPromiseTick(db, new Date())).toMatchObject({ kept: 1 });
    expect(await db.paymentPromise.findUniqueOrThrow({ where: { id: promise.id } })).toMatchObject({ status: "kept" });
  });

  it("a disputed order takes no promise", async () => {
    const { receivable, link } = await overdueOrder("660003");
    expect((await post(link, { intent: "dispute", receivableId: receivable.id, reason: "damaged", message: "Broken" })).status).toBe(200);
    const refused = await post(link, { intent: "promise", receivableId: receivable.id, promisedFor: day(3) });
    expect(refused.status).toBe(400);
    expect(await db.paymentPromise.count({ where: { receivableId: receivable.id } })).toBe(0);
  });
});
