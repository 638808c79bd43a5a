import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { decideArrangement, proposeArrangement, runArrangementTick } from "../../app/services/arrangements/arrangements";
import { applyOrderSnapshot, recordLedgerFact } from "../../app/services/ledger/ledgerStore";
import { runSchedulerTick } from "../../app/services/followUp/runScheduler";
import { outboxMailer } from "../../app/adapters/email/mailer";
import { asCurrency } from "../../app/domain/money";
import { freshDatabaseUrl } from "../support/appServer";

const DAY = 86_400_000;
const EUR = asCurrency("EUR");
let db: Db;
let now = new Date("2026-11-23T10:00:00Z");
const clock = () => now;
const deps = { mailer: outboxMailer, appUrl: "https://dunly.example", secret: "test-secret" };
let shop: Awaited<ReturnType<Db["shop"]["create"]>>;
let serial = 0;

async function overdueOrder(totalMinor: number) {
  serial += 1;
  const customer = await db.customer.create({ data: { shopId: shop.id, gid: `gid://shopify/Customer/${serial}`, email: `c${serial}@example.nl`, locale: "nl", countryCode: "NL" } });
  const orderGid = `gid://shopify/Order/${serial}`;
  await applyOrderSnapshot(db, shop, {
    orderGid, orderName: `#A${serial}`, currency: EUR, issuedAt: new Date(now.getTime() - 30 * DAY), updatedAt: now,
    totalMinor, outstandingMinor: totalMinor, financialStatus: "pending", cancelledAt: null, customerGid: null, paymentTerms: null,
    paymentUrl: "https://fietsen-en-zo.example/pay", test: false,
  });
  return db.receivable.update({ where: { shopId_orderGid: { shopId: shop.id, orderGid } }, data: { customerId: customer.id } });
}

async function pay(receivable: { id: string; orderGid: string }, amountMinor: number) {
  await recordLedgerFact(db, shop, {
    kind: "payment", key: `gid://shopify/OrderTransaction/${receivable.id}-${now.getTime()}`, orderGid: receivable.orderGid,
    // a second after the clock: a payment at the very moment of the order snapshot counts as inside it
    occurredAt: new Date(now.getTime() + 1000), currency: EUR, amountMinor, outstandingDeltaMinor: -amountMinor,
  });
}

beforeAll(async () => {
  db = createDb(freshDatabaseUrl("arrangements", inject("databaseKind")));
  shop = await db.shop.create({ data: { domain: "dunly-arrangements.myshopify.com", name: "Fietsen & Zo", currency: "EUR", installedAt: now } });
});
afterAll(async () => {
  await db.$disconnect();
});

describe("payment arrangements over time", () => {
  it("reminders follow the instalments, payments count towards them, a missed one breaks it and dunning resumes", async () => {
    const receivable = await overdueOrder(30_000);
    await runSchedulerTick(db, { clock, mailer: outboxMailer }); // the flow has started: reminder 1 went out
    const before = await db.message.count({ where: { receivableId: receivable.id, purpose: { not: "notice" } } });
    const arrangement = await proposeArrangement(db, deps, {
      shopId: shop.id, receivableId: receivable.id, source: "customer", instalments: 3, intervalDays: 30, firstDueAt: new Date(now.getTime() + 7 * DAY),
    }, now);
    expect(arrangement.status).toBe("active");
    expect(await db.message.findFirst({ where: { receivableId: receivable.id, stepKey: `arrangement_${arrangement.id}_active` } })).toMatchObject({ status: "outbox" });

    // day 4: instalment 1 is three days away, announced once; the dunning flow stays quiet
    now = new Date(now.getTime() + 4 * DAY);
    expect(await runArrangementTick(db, deps, now)).toMatchObject({ reminded: 1 });
    expect(await runArrangementTick(db, deps, now)).toMatchObject({ reminded: 0 });
    await runSchedulerTick(db, { clock, mailer: outboxMailer });
    expect(await db.message.count({ where: { receivableId: receivable.id, purpose: { not: "notice" } } })).toBe(before);

    // day 6: instalment 1 paid; day 34: instalment 2 announced
    now = new Date(now.getTime() + 2 * DAY);
    await pay(receivable, 10_000);
    now = new Date(now.getTime() + 28 * DAY);
    expect(await runArrangementTick(db, deps, now)).toMatchObject({ reminded: 1, broken: 0 });
    const second = await db.message.findFirstOrThrow({ where: { receivableId: receivable.id, stepKey: `arrangement_${arrangement.id}_instalment_2` } });
    expect(second.subject).toBe("Termijn 2 van 3 voor bestelling #A1");
    expect(second.text).toContain("€\u00a0100,00");

    // instalment 2 (due day 37) is not paid: within the 5-day grace nothing happens, after it the arrangement breaks
    now = new Date(now.getTime() + 7 * DAY); // day 41
    expect(await runArrangementTick(db, deps, now)).toMatchObject({ broken: 0 });
    now = new Date(now.getTime() + 2 * DAY); // day 43
    expect(await runArrangementTick(db, deps, now)).toMatchObject({ broken: 1 });
    expect(await db.arrangement.findUniqueOrThrow({ where: { id: arrangement.id } })).toMatchObject({ status: "broken" });
    expect(await db.task.count({ where: { receivableId: receivable.id, kind: "arrangement_broken" } })).toBe(1);
    expect(await db.alert.count({ where: { receivableId: receivable.id, kind: "arrangement_broken" } })).toBe(1);
    const resumed = await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } });
    expect(resumed).toMatchObject({ workflowState: null, outstandingMinor: 20_000n });

    now = new Date(Math.floor(now.getTime() / DAY) * DAY + 10 * 3_600_000); // 11:00 in Amsterdam
    await runSchedulerTick(db, { clock, mailer: outboxMailer });
    expect(await db.message.count({ where: { receivableId: receivable.id, purpose: { not: "notice" } } })).toBeGreaterThan(before);
  });

  it("an arrangement paid in full completes", async () => {
    const receivable = await overdueOrder(9_000);
    const arrangement = await proposeArrangement(db, deps, {
      shopId: shop.id, receivableId: receivable.id, source: "staff", instalments: 2, intervalDays: 14, firstDueAt: new Date(now.getTime() + 3 * DAY),
    }, now);
    await pay(receivable, 9_000);
    expect(await runArrangementTick(db, deps, now)).toMatchObject({ completed: 1 });
    expect(await db.arrangement.findUniqueOrThrow({ where: { id: arrangement.id } })).toMatchObject({ status: "completed" });
  });

  it("a proposal outside the rules waits for staff; a rejection resumes the flow", async () => {
    const receivable = await overdueOrder(30_000);
    const arrangement = await proposeArrangement(db, deps, {
      shopId: shop.id, receivableId: receivable.id, source: "customer", instalments: 12, intervalDays: 30, firstDueAt: new Date(now.getTime() + 7 * DAY),
    }, now);
    expect(arrangement.status).toBe("pending_approval");
    expect(await db.task.findFirstOrThrow({ where: { receivableId: receivable.id, kind: "arrangement_approval" } })).toBeTruthy();
    expect((await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } })).workflowState).toBe("in_arrangement");
    await expect(proposeArrangement(db, deps, { shopId: shop.id, receivableId: receivable.id, source: "customer", instalments: 2, intervalDays: 30, firstDueAt: new Date(now.getTime() + 7 * DAY) }, now))
      .rejects.toThrow(/already is an arrangement/);
    await decideArrangement(db, deps, { shopId: shop.id, arrangementId: arrangement.id, approve: false }, now);
    expect(await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } })).toMatchObject({ workflowState: null });
    await expect(decideArrangement(db, deps, { shopId: "other", arrangementId: arrangement.id, approve: true }, now)).rejects.toThrow(/no such arrangement/);
  });
});
