/**
 * Customer-level follow-up over simulated weeks: a customer with six open orders in different
 * states hears from the shop once per run about all of them; a payment on one order drops it from
 * the next message and leaves the others' steps alone; two schedulers racing still send one
 * message; a consolidated final notice computes the costs over the summed principal.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { runSchedulerTick } from "../../app/services/followUp/runScheduler";
import { outboxMailer } from "../../app/adapters/email/mailer";
import { applyOrderSnapshot, recordLedgerFact } from "../../app/services/ledger/ledgerStore";
import { openDispute } from "../../app/services/disputes/disputes";
import { asCurrency, formatMoney } from "../../app/domain/money";
import { bikCollectionCosts } from "../../app/domain/fees/nlBik";
import { loadSegments } from "../../app/services/followUp/segmentsStore";
import { creditorReference } from "../../app/domain/paymentReference";
import { freshDatabaseUrl } from "../support/appServer";

const DAY = 86_400_000;
const eur = (minor: number) => formatMoney(minor, asCurrency("EUR"), "nl");
// 10:00 in Amsterdam: outside quiet hours
const start = new Date("2026-11-02T09:00:00Z");
let db: Db;
let shop: { id: string; domain: string; defaultTermDays: number; currency: string };
let serial = 0;
let url: string;

beforeAll(async () => {
  url = freshDatabaseUrl("customer-runs", inject("databaseKind"));
  db = createDb(url);
  shop = await db.shop.create({ data: { domain: "dunly-runs.myshopify.com", name: "Fietsen Noord", currency: "EUR", installedAt: start, legalProfile: "nl_consumer" } });
});
afterAll(async () => {
  await db.$disconnect();
});

async function customer(name: string) {
  serial += 1;
  return db.customer.create({ data: { shopId: shop.id, gid: `gid://shopify/Customer/${700 + serial}`, email: `${name}@example.nl`, firstName: name, locale: "nl", countryCode: "NL" } });
}

/** An open order due `dueInDays` from the start, with the steps already sent `daysAgo` days before the start. */
async function order(customerId: string, name: string, dueInDays: number, totalMinor: number, history: Record<string, number | "skipped"> = {}) {
  const dueAt = new Date(start.getTime() + dueInDays * DAY);
  const orderGid = `gid://shopify/Order/${9100 + (serial += 1)}`;
  const issuedAt = new Date(dueAt.getTime() - 30 * DAY);
  const holder = await db.customer.findUniqueOrThrow({ where: { id: customerId } });
  await applyOrderSnapshot(db, shop, {
    orderGid, orderName: name, currency: asCurrency("EUR"), issuedAt, updatedAt: issuedAt, totalMinor, outstandingMinor: totalMinor,
    financialStatus: "pending", cancelledAt: null, customerGid: holder.gid, test: false, paymentUrl: `https://shop.example/pay/${name.slice(1)}`,
    paymentTerms: { gid: null, name: "Fixed", type: "FIXED", dueInDays: null, nextDueAt: dueAt },
  });
  const receivable = await db.receivable.update({ where: { shopId_orderGid: { shopId: shop.id, orderGid } }, data: { customerId, nextActionAt: start } });
  for (const [stepKey, ago] of Object.entries(history)) {
    const at = ago === "skipped" ? new Date(start.getTime() - 20 * DAY) : new Date(start.getTime() - ago * DAY);
    await db.message.create({
      data: {
        shopId: shop.id, receivableId: receivable.id, stepKey, idempotencyKey: `${receivable.id}:${stepKey}`, channel: "email",
        purpose: stepKey === "pre_due" ? "pre_due" : "reminder", locale: "nl", status: ago === "skipped" ? "skipped" : "outbox", createdAt: at, sentAt: at,
      },
    });
  }
  return receivable;
}

/** The emails that went out to a customer (one lead row per message), oldest first. */
async function emailsTo(customerId: string) {
  return db.message.findMany({
    where: { receivable: { customerId }, html: { not: null }, channel: "email" }, orderBy: { sentAt: "asc" },
    include: { receivable: { select: { orderName: true } } },
  });
}

async function stepsIn(leadId: string) {
  const rows = await db.message.findMany({ where: { OR: [{ id: leadId }, { groupedInto: leadId }] }, include: { receivable: { select: { orderName: true } } } });
  return rows.map((r) => `${r.receivable.orderName}:${r.stepKey}`).sort();
}

describe("one conversation per customer", () => {
  it("six orders: one message per run with the right orders; a payment drops one order and leaves the others' steps alone", async () => {
    const jan = await customer("jan");
    await order(jan.id, "#A", -20, 10_000, { pre_due: "skipped", reminder_1: 12, reminder_2: 5 }); // final notice due
    await order(jan.id, "#B", -10, 20_000, { pre_due: 13, reminder_1: 3 }); // reminder 2 due
    const c = await order(jan.id, "#C", -2, 5_000, { pre_due: 5 }); // reminder 1 due
    await order(jan.id, "#D", 2, 7_500); // pre-due reminder due
    await order(jan.id, "#E", 5, 2_500); // pre-due in two days: comes along
    const f = await order(jan.id, "#F", -30, 9_900);
    await openDispute(db, null, { shopId: shop.id, receivableId: f.id, source: "staff", reason: "damaged", message: "Frame bent" }, start);

    await runSchedulerTick(db, { clock: () => start, mailer: outboxMailer });
    const [first, ...rest] = await emailsTo(jan.id);
    expect(rest).toEqual([]);
    // the most advanced step leads: the final notice, with the costs over the orders at their final notice only
    expect(first.stepKey).toBe("final_notice");
    expect(first.subject).toContain("Laatste aanmaning");
    expect(await stepsIn(first.id)).toEqual(["#A:final_notice", "#B:reminder_2", "#C:reminder_1", "#D:pre_due", "#E:pre_due"]);
    for (const name of ["#A", "#B", "#C", "#D", "#E"]) expect(first.text).toContain(name);
    expect(first.text).not.toContain("#F");
    expect(first.text).toContain(eur(45_000)); // the total of the five listed orders
    expect(first.feeMinor).toBe(BigInt(bikCollectionCosts(10_000)));
    // every included order's timeline says which message carried its step
    const timeline = (await db.ledgerEvent.findMany({ where: { shopId: shop.id, kind: "message" } })).map((e) => JSON.parse(e.detail));
    expect(timeline.filter((d) => d.inMessage === first.id).map((d) => d.stepKey).sort()).toEqual(["pre_due", "pre_due", "reminder_1", "reminder_2"]);

    // #C is paid two days later
    await recordLedgerFact(db, shop, {
      kind: "payment", key: "gid://shopify/OrderTransaction/5501", orderGid: c.orderGid, occurredAt: new Date(start.getTime() + 2 * DAY),
      currency: asCurrency("EUR"), amountMinor: 5_000, outstandingDeltaMinor: -5_000,
    });
    expect((await db.receivable.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("paid");
    const stepsBefore = await db.message.findMany({ where: { receivable: { customerId: jan.id, orderName: { not: "#C" } } }, select: { receivableId: true, stepKey: true, sentAt: true } });

    // three weeks of daily runs at 10:00
    for (let day = 1; day <= 21; day++) await runSchedulerTick(db, { clock: () => new Date(start.getTime() + day * DAY), mailer: outboxMailer });
    const emails = await emailsTo(jan.id);
    const days = emails.map((e) => e.sentAt!.toISOString().slice(0, 10));
    expect(new Set(days).size).toBe(days.length); // never two on one day
    for (let i = 1; i < emails.length; i++) expect(emails[i].sentAt!.getTime() - emails[i - 1].sentAt!.getTime()).toBeGreaterThanOrEqual(48 * 3_600_000);
    for (const email of emails.slice(1)) {
      expect(email.text).not.toContain("#C");
      expect((await stepsIn(email.id)).some((s) => s.startsWith("#C"))).toBe(false);
    }
    expect(emails.length).toBeGreaterThan(1);
    // what the others had before the payment is untouched
    const after = await db.message.findMany({ where: { receivableId: { in: stepsBefore.map((s) => s.receivableId) } }, select: { receivableId: true, stepKey: true, sentAt: true } });
    for (const step of stepsBefore) expect(after).toContainEqual(step);
    // the disputed order never got a step
    expect(await db.message.count({ where: { receivableId: f.id } })).toBe(0);
    // each order's steps stay unique
    const keys = (await db.message.findMany({ where: { receivable: { customerId: jan.id } }, select: { idempotencyKey: true } })).map((m) => m.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("a consolidated final notice names the BIK costs over the summed principal, split per order", async () => {
    const piet = await customer("piet");
    const history = { pre_due: 27, reminder_1: 15, reminder_2: 8 };
    const orders = [await order(piet.id, "#G", -16, 10_000, history), await order(piet.id, "#H", -16, 10_000, history), await order(piet.id, "#I", -16, 10_000, history)];
    await runSchedulerTick(db, { clock: () => start, mailer: outboxMailer });
    const [notice] = await emailsTo(piet.id);
    expect(await stepsIn(notice.id)).toEqual(["#G:final_notice", "#H:final_notice", "#I:final_notice"]);
    // 3 x 100.00: BIK over 300.00 = 45.00, not 3 x 40.00
    expect(notice.text).toContain(eur(4_500));
    expect(notice.text).toContain(eur(30_000));
    const shares = await db.message.findMany({ where: { receivableId: { in: orders.map((o) => o.id) }, stepKey: "final_notice" }, select: { feeMinor: true } });
    expect(shares.map((s) => s.feeMinor).reduce((a, b) => a! + b!, 0n)).toBe(4_500n);
    const fees = await db.ledgerEvent.findMany({ where: { shopId: shop.id, kind: "fee", orderGid: { in: orders.map((o) => o.orderGid) } } });
    expect(fees.map((f) => Number(f.amountMinor)).sort()).toEqual([1_500, 1_500, 1_500]);
  });

  it("two schedulers racing on one customer send one message with each step once", async () => {
    const kees = await customer("kees");
    for (const name of ["#J", "#K", "#L"]) await order(kees.id, name, -2, 3_000, { pre_due: 5 });
    // a second client: on PostgreSQL its own connections, on SQLite its own connection to the file
    const other = createDb(url);
    const [a, b] = await Promise.all([
      runSchedulerTick(db, { clock: () => start, mailer: outboxMailer }),
      runSchedulerTick(other, { clock: () => start, mailer: outboxMailer }),
    ]);
    await other.$disconnect();
    const emails = await emailsTo(kees.id);
    expect(emails).toHaveLength(1);
    expect(await stepsIn(emails[0].id)).toEqual(["#J:reminder_1", "#K:reminder_1", "#L:reminder_1"]);
    expect(a.sent + b.sent).toBeGreaterThanOrEqual(1);
  });

  it("a segment that turns grouping off keeps one stream per order (today's behaviour for merchants who want it)", async () => {
    const anna = await customer("anna");
    for (const name of ["#M", "#N"]) await order(anna.id, name, -2, 3_000, { pre_due: 5 });
    await loadSegments(db, shop.id); // the default segment exists
    await db.segment.updateMany({ where: { shopId: shop.id }, data: { groupReminders: false } });
    await runSchedulerTick(db, { clock: () => start, mailer: outboxMailer });
    const emails = await emailsTo(anna.id);
    expect(emails.map((e) => e.receivable.orderName).sort()).toEqual(["#M", "#N"]);
    for (const email of emails) expect(await stepsIn(email.id)).toHaveLength(1);
    await db.segment.updateMany({ where: { shopId: shop.id }, data: { groupReminders: true } });
  });

  it("a customer whose orders fall in different batches of the tick still gets one message with all of them", async () => {
    const lies = await customer("lies");
    // due ten days ago, nothing sent yet: each order's pre-due reminder is skipped and its reminder 1 is due
    for (const name of ["#P", "#Q", "#R", "#S", "#T"]) await order(lies.id, name, -10, 1_000);
    const result = await runSchedulerTick(db, { clock: () => start, mailer: outboxMailer, batchSize: 2 });
    const emails = await emailsTo(lies.id);
    expect(emails).toHaveLength(1);
    expect(await stepsIn(emails[0].id)).toEqual(["#P:reminder_1", "#Q:reminder_1", "#R:reminder_1", "#S:reminder_1", "#T:reminder_1"]);
    expect(await db.message.count({ where: { receivable: { customerId: lies.id }, stepKey: "pre_due", status: "skipped" } })).toBe(5);
    expect(result.grouped).toBeGreaterThanOrEqual(4);
  });

  it("a customer who owes one order gets the message about that one order", async () => {
    const tom = await customer("tom");
    await order(tom.id, "#U", -2, 4_000, { pre_due: 5 });
    await runSchedulerTick(db, { clock: () => start, mailer: outboxMailer });
    const [email] = await emailsTo(tom.id);
    expect(email.subject).toBe("Betalingsherinnering voor bestelling #U");
    expect(email.text).not.toContain("Openstaande bestellingen");
  });

  it("with the shop's IBAN set, the grouped message gives each order's RF reference for a transfer", async () => {
    await db.shop.update({ where: { id: shop.id }, data: { iban: "NL91 ABNA 0417 1643 00", accountHolder: "Fietsen Noord BV" } });
    const eva = await customer("eva");
    for (const name of ["#V1", "#V2"]) await order(eva.id, name, -2, 2_000, { pre_due: 5 });
    await runSchedulerTick(db, { clock: () => start, mailer: outboxMailer });
    const [email] = await emailsTo(eva.id);
    expect(email.text).toContain("NL91 ABNA 0417 1643 00");
    expect(email.text).toContain(`#V1: ${creditorReference("V1")}`);
    expect(email.text).toContain(`#V2: ${creditorReference("V2")}`);
    await db.shop.update({ where: { id: shop.id }, data: { iban: null, accountHolder: null } });
  });
});
