import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { pauseCustomer, pauseReceivable, PauseError, resumeReceivable } from "../../app/services/followUp/pauseReminders";
import { runSchedulerTick } from "../../app/services/followUp/runScheduler";
import { outboxMailer } from "../../app/adapters/email/mailer";
import { applyOrderSnapshot } from "../../app/services/ledger/ledgerStore";
import { asCurrency } from "../../app/domain/money";
import { freshDatabaseUrl } from "../support/appServer";

const DAY = 86_400_000;
let db: Db;
let now = new Date("2026-11-23T10:00:00Z");
const clock = () => now;
let shopId: string;
let receivableId: string;
let customerId: string;

beforeAll(async () => {
  db = createDb(freshDatabaseUrl("pause", inject("databaseKind")));
  const shop = await db.shop.create({ data: { domain: "dunly-pause.myshopify.com", name: "Pause", currency: "EUR", installedAt: now } });
  shopId = shop.id;
  const customer = await db.customer.create({ data: { shopId, gid: "gid://shopify/Customer/1", email: "a@example.nl", locale: "nl" } });
  customerId = customer.id;
  await applyOrderSnapshot(db, shop, {
    orderGid: "gid://shopify/Order/1", orderName: "#1", currency: asCurrency("EUR"), issuedAt: new Date(now.getTime() - 20 * DAY),
    updatedAt: now, totalMinor: 5000, outstandingMinor: 5000, financialStatus: "pending", cancelledAt: null, customerGid: null,
    paymentTerms: null, paymentUrl: null, test: false,
  });
  const receivable = await db.receivable.findFirstOrThrow({ where: { shopId } });
  receivableId = receivable.id;
  await db.receivable.update({ where: { id: receivableId }, data: { customerId } });
});
afterAll(async () => {
  await db.$disconnect();
});

describe("reminder stops", () => {
  it("refuses a pause without a reason, in the past, or of more than a year", async () => {
    await expect(pauseReceivable(db, shopId, receivableId, new Date(now.getTime() + DAY), "  ", now)).rejects.toThrow(PauseError);
    await expect(pauseReceivable(db, shopId, receivableId, new Date(now.getTime() - DAY), "holiday", now)).rejects.toThrow(/future/);
    await expect(pauseReceivable(db, shopId, receivableId, new Date(now.getTime() + 400 * DAY), "holiday", now)).rejects.toThrow(/at most/);
    await expect(pauseReceivable(db, "another-shop", receivableId, new Date(now.getTime() + DAY), "holiday", now)).rejects.toThrow(/no such receivable/);
  });

  it("an order pause holds the flow, shows on the timeline, and resuming lets it go on", async () => {
    await pauseReceivable(db, shopId, receivableId, new Date(now.getTime() + 5 * DAY), "customer on holiday", now);
    await runSchedulerTick(db, { clock, mailer: outboxMailer });
    expect(await db.message.count({ where: { receivableId, status: "outbox" } })).toBe(0);
    const pause = await db.ledgerEvent.findFirstOrThrow({ where: { shopId, kind: "pause" } });
    expect(JSON.parse(pause.detail)).toMatchObject({ reason: "customer on holiday", scope: "order" });
    await resumeReceivable(db, shopId, receivableId, now);
    await runSchedulerTick(db, { clock, mailer: outboxMailer });
    expect(await db.message.count({ where: { receivableId, status: "outbox" } })).toBe(1);
  });

  it("a customer pause holds every open order of that customer", async () => {
    now = new Date(now.getTime() + 10 * DAY);
    await pauseCustomer(db, shopId, customerId, new Date(now.getTime() + 30 * DAY), "payment promised by phone", now);
    await runSchedulerTick(db, { clock, mailer: outboxMailer });
    expect(await db.message.count({ where: { receivableId, status: "outbox" } })).toBe(1);
    expect(await db.ledgerEvent.count({ where: { shopId, kind: "pause" } })).toBe(3);
    expect((await db.receivable.findUniqueOrThrow({ where: { id: receivableId } })).nextActionAt).toEqual(new Date(now.getTime() + 30 * DAY));
  });
});
