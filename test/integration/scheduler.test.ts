import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { COMING_DUE_DAYS } from "../../app/services/followUp/customerRun";
import { createDb, type Db } from "../../app/db/client";
import { seedDemo } from "../../app/demo/seedDemo";
import { runSchedulerTick, type TickResult } from "../../app/services/followUp/runScheduler";
import { outboxMailer, resendMailer } from "../../app/adapters/email/mailer";
import { applyOrderSnapshot, recordLedgerFact } from "../../app/services/ledger/ledgerStore";
import { applyLedgerBatch } from "../../app/services/ledger/ledgerBatch";
import { decodeSnapshot } from "../../app/services/ledger/snapshotCodec";
import { requestSendNow } from "../../app/services/ledger/receivableDetail";
import { DEFAULT_FLOW } from "../../app/domain/flows";
import { isQuiet } from "../../app/domain/time";
import { asCurrency } from "../../app/domain/money";
import { freshDatabaseUrl } from "../support/appServer";
import { startFakeResend, type FakeResend } from "../support/fakeResend";

const HOUR = 3_600_000;
const start = new Date("2026-09-01T06:00:00Z");
let db: Db;
let url: string;
let now = start;
let serial = 0;
const clock = () => now;

async function tickEvery(hours: number, until: Date, deps = { clock, mailer: outboxMailer }) {
  const totals: TickResult = { planned: 0, sent: 0, skipped: 0, tasks: 0, failed: 0, retried: 0, lostRaces: 0, grouped: 0, heldForShopify: 0, datesMoved: 0 };
  while (now < until) {
    const result = await runSchedulerTick(db, deps);
    for (const key of Object.keys(totals) as (keyof TickResult)[]) totals[key] += result[key];
    now = new Date(now.getTime() + hours * HOUR);
  }
  return totals;
}

beforeAll(async () => {
  url = freshDatabaseUrl("scheduler", inject("databaseKind"));
  db = createDb(url);
  // a smaller copy of the demo book, dated from the start of the simulation
  await seedDemo(db, { now: start, customers: 40, orders: 240, seed: 7 });
}, 120_000);

afterAll(async () => {
  await db.$disconnect();
});

describe("the default flow over simulated weeks on a seeded book", () => {
  it("runs every step once, in order, outside quiet hours, with the minimum gap, and never stalls", async () => {
    const end = new Date(start.getTime() + 70 * 24 * HOUR);
    const totals = await tickEvery(6, end);
    expect(totals.sent).toBeGreaterThan(50);
    expect(totals.tasks).toBeGreaterThan(0);

    const shop = await db.shop.findFirstOrThrow();
    const messages = await db.message.findMany({ orderBy: { createdAt: "asc" } });
    const keys = messages.map((m) => m.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);

    const quiet = { startHour: shop.quietHoursStart, endHour: shop.quietHoursEnd, timeZone: shop.timeZone };
    for (const m of messages.filter((m) => m.channel === "email" && m.status === "outbox")) expect(isQuiet(m.sentAt!, quiet)).toBe(false);

    const stillOpen = await db.receivable.findMany({
      where: { status: "open", creditSale: true, dueAt: { lt: new Date(end.getTime() - 35 * 24 * HOUR) } },
      include: { messages: true },
    });
    expect(stillOpen.length).toBeGreaterThan(5);
    for (const receivable of stillOpen) {
      const byStep = new Map(receivable.messages.map((m) => [m.stepKey, m]));
      const order = DEFAULT_FLOW.map((step) => byStep.get(step.key));
      expect(order.every(Boolean), `${receivable.orderName} has every step`).toBe(true);
      const sent = order.filter((m) => m!.status !== "skipped").map((m) => m!.sentAt!.getTime());
      expect(sent).toEqual([...sent].sort((a, b) => a - b));
      for (let i = 1; i < sent.length; i++) expect(sent[i] - sent[i - 1]).toBeGreaterThanOrEqual(shop.minGapHours * HOUR);
      for (const step of DEFAULT_FLOW) {
        const message = byStep.get(step.key)!;
        // a pre-due reminder may travel early in a message about the customer's other orders (customer-level follow-up)
        const earliest = step.purpose === "pre_due" ? -COMING_DUE_DAYS : step.offsetDays;
        if (message.status !== "skipped") expect(message.sentAt!.getTime()).toBeGreaterThanOrEqual(receivable.dueAt.getTime() + earliest * 24 * HOUR);
      }
      expect(receivable.nextActionAt).toBeNull(); // flow complete
    }
    // the NL consumer final notice names the BIK costs and a last day
    // a notice may cover several orders of one customer: its costs (at least the BIK minimum) are split over them
    const notice = messages.find((m) => m.stepKey === "final_notice" && m.locale === "nl" && m.status === "outbox" && m.groupedInto === null && m.text)!;
    const noticeFee = messages.filter((m) => m.id === notice.id || m.groupedInto === notice.id).reduce((sum, m) => sum + (m.feeMinor ?? 0n), 0n);
    expect(noticeFee).toBeGreaterThanOrEqual(4000n);
    expect(notice.text).toMatch(/uiterlijk op \d{1,2} \w+ \d{4}/);
    expect(await db.ledgerEvent.count({ where: { kind: "fee" } })).toBeGreaterThan(0);
    expect(await db.task.count({ where: { kind: "hand_over" } })).toBeGreaterThan(0);
  }, 240_000);
});

/** An open order of a customer of its own: these tests follow one order's flow. */
async function freshOpenReceivable(dueInDays: number) {
  const shop = await db.shop.findFirstOrThrow();
  const customer = await db.customer.create({
    data: { shopId: shop.id, gid: `gid://shopify/Customer/${8_000_000 + serial + 1}`, email: `klant${serial + 1}@example.nl`, firstName: "Klant", locale: "nl", countryCode: "NL" },
  });
  const orderGid = `gid://shopify/Order/${9_000_000 + (serial += 1)}`;
  await applyOrderSnapshot(db, shop, {
    orderGid, orderName: `#S${serial}`, currency: asCurrency("EUR"), issuedAt: new Date(now.getTime() - 20 * 24 * HOUR), updatedAt: now,
    totalMinor: 15_000, outstandingMinor: 15_000, financialStatus: "pending", cancelledAt: null, customerGid: customer.gid,
    paymentTerms: { gid: null, name: "Fixed", type: "FIXED", dueInDays: null, nextDueAt: new Date(now.getTime() + dueInDays * 24 * HOUR) },
    paymentUrl: "https://fietsen-en-zo.example/pay", test: false,
  });
  const receivable = await db.receivable.findUniqueOrThrow({ where: { shopId_orderGid: { shopId: shop.id, orderGid } } });
  await db.receivable.update({ where: { id: receivable.id }, data: { customerId: customer.id } });
  return { shop, receivable };
}

describe("stops, pauses and catch-up", () => {
  // in flow order: two steps handled in one tick share their timestamp
  const flowIndex = (key: string) => DEFAULT_FLOW.findIndex((step) => step.key === key);
  const stepsOf = async (id: string) =>
    (await db.message.findMany({ where: { receivableId: id } })).map((m) => m.stepKey).sort((a, b) => flowIndex(a) - flowIndex(b));

  it("a payment mid-flow stops the flow at once", async () => {
    const { shop, receivable } = await freshOpenReceivable(-2);
    await tickEvery(6, new Date(now.getTime() + 24 * HOUR));
    expect(await stepsOf(receivable.id)).toEqual(["pre_due", "reminder_1"]);
    await recordLedgerFact(db, shop, {
      kind: "payment", key: `gid://shopify/OrderTransaction/sim-${receivable.id}`, orderGid: receivable.orderGid, occurredAt: now,
      currency: asCurrency(receivable.currency), amountMinor: Number(receivable.outstandingMinor), outstandingDeltaMinor: -Number(receivable.outstandingMinor),
    });
    await tickEvery(6, new Date(now.getTime() + 40 * 24 * HOUR));
    expect(await stepsOf(receivable.id)).toEqual(["pre_due", "reminder_1"]);
    expect(await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } })).toMatchObject({ status: "paid", nextActionAt: null });
  }, 120_000);

  it("an order update that changes nothing owed keeps the plan, one by one and in a batch; a part payment plans again", async () => {
    const { shop, receivable } = await freshOpenReceivable(5);
    await tickEvery(6, new Date(now.getTime() + 6 * HOUR));
    const planned = await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } });
    expect(planned.nextActionAt!.getTime()).toBeGreaterThan(now.getTime());
    const snapshot = decodeSnapshot(planned.snapshot);
    // a tag or a fulfilment: Shopify sends the order again, newer, owing the same
    await applyOrderSnapshot(db, shop, { ...snapshot, updatedAt: new Date(now.getTime() + 1000) });
    await applyLedgerBatch(db, shop, [{ snapshot: { ...snapshot, updatedAt: new Date(now.getTime() + 2000) }, customer: null }], []);
    const after = await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } });
    expect(after.snapshotUpdatedAt).toEqual(new Date(now.getTime() + 2000));
    expect(after.nextActionAt).toEqual(planned.nextActionAt);
    await recordLedgerFact(db, shop, {
      kind: "payment", key: `gid://shopify/OrderTransaction/part-${receivable.id}`, orderGid: receivable.orderGid, occurredAt: new Date(now.getTime() + 3000),
      currency: asCurrency(receivable.currency), amountMinor: 5_000, outstandingDeltaMinor: -5_000,
    });
    expect(await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } })).toMatchObject({ outstandingMinor: 10_000n, nextActionAt: snapshot.issuedAt });
  });

  it("a dispute pauses the flow; resolving it resumes with the next step", async () => {
    const { receivable } = await freshOpenReceivable(-2);
    await tickEvery(6, new Date(now.getTime() + 24 * HOUR));
    await db.receivable.update({ where: { id: receivable.id }, data: { workflowState: "disputed", nextActionAt: now } });
    await tickEvery(6, new Date(now.getTime() + 20 * 24 * HOUR));
    expect(await stepsOf(receivable.id)).toEqual(["pre_due", "reminder_1"]);
    await db.receivable.update({ where: { id: receivable.id }, data: { workflowState: null, nextActionAt: now } });
    await tickEvery(6, new Date(now.getTime() + 24 * HOUR));
    expect(await stepsOf(receivable.id)).toEqual(["pre_due", "reminder_1", "reminder_2"]);
  }, 120_000);

  it("after downtime a passed step is sent once, and the next one waits for the minimum gap", async () => {
    const { shop, receivable } = await freshOpenReceivable(5);
    // the app was down for 30 days and comes back at 11:00 in Amsterdam (outside quiet hours)
    now = new Date(Math.floor(now.getTime() / (24 * HOUR)) * 24 * HOUR + 30 * 24 * HOUR + 10 * HOUR);
    await runSchedulerTick(db, { clock, mailer: outboxMailer });
    expect(await stepsOf(receivable.id)).toEqual(["pre_due", "reminder_1"]);
    const skipped = await db.message.findFirstOrThrow({ where: { receivableId: receivable.id, stepKey: "pre_due" } });
    const sent = await db.message.findFirstOrThrow({ where: { receivableId: receivable.id, stepKey: "reminder_1" } });
    expect(skipped.status).toBe("skipped");
    expect(sent.status).toBe("outbox");
    const next = await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } });
    expect(next.nextActionAt!.getTime()).toBeGreaterThanOrEqual(sent.sentAt!.getTime() + shop.minGapHours * HOUR);
  });

  it("'send next reminder now' sends one step at once, then the flow keeps its own pace", async () => {
    const { shop, receivable } = await freshOpenReceivable(10);
    await runSchedulerTick(db, { clock, mailer: outboxMailer });
    expect(await stepsOf(receivable.id)).toEqual([]);
    expect(await requestSendNow(db, shop.id, [receivable.id], now)).toBe(1);
    await runSchedulerTick(db, { clock, mailer: outboxMailer });
    // the same tick plans the step after it: no extra tick with the receivable still due
    expect((await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } })).nextActionAt!.getTime()).toBeGreaterThan(now.getTime());
    await runSchedulerTick(db, { clock, mailer: outboxMailer });
    expect(await stepsOf(receivable.id)).toEqual(["pre_due"]);
    expect(await db.receivable.findUniqueOrThrow({ where: { id: receivable.id } })).toMatchObject({ sendNextNow: false });
  });

  it("a per-order pause waits until its end date", async () => {
    const { receivable } = await freshOpenReceivable(-2);
    const until = new Date(now.getTime() + 10 * 24 * HOUR);
    await db.receivable.update({ where: { id: receivable.id }, data: { pausedUntil: until, pauseReason: "customer on holiday" } });
    await tickEvery(6, new Date(until.getTime() - HOUR));
    expect(await stepsOf(receivable.id)).toEqual([]);
    await tickEvery(6, new Date(until.getTime() + 24 * HOUR));
    expect((await stepsOf(receivable.id))[0]).toBe("pre_due");
  });
});

describe("several schedulers at once", () => {
  it("two schedulers racing on one database send every step exactly once", async () => {
    for (let i = 0; i < 20; i++) await freshOpenReceivable(1);
    now = new Date(now.getTime() + 12 * 24 * HOUR);
    const other = createDb(url);
    const before = await db.message.count();
    const [a, b] = await Promise.all([
      runSchedulerTick(db, { clock, mailer: outboxMailer }),
      runSchedulerTick(other, { clock, mailer: outboxMailer }),
    ]);
    await other.$disconnect();
    const created = (await db.message.count()) - before;
    expect(created).toBeGreaterThan(0);
    expect(a.sent + b.sent + a.skipped + b.skipped + a.tasks + b.tasks + a.grouped + b.grouped).toBe(created);
    const keys = (await db.message.findMany({ select: { idempotencyKey: true } })).map((m) => m.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe("sending through Resend's API", () => {
  let resend: FakeResend;
  beforeAll(async () => {
    resend = await startFakeResend("re_test_key");
  });
  afterAll(() => resend.close());

  it("retries 429 / 5xx with back-off under one idempotency key, and a later tick retries after an outage", async () => {
    await db.receivable.updateMany({ where: { status: "open" }, data: { nextActionAt: null } });
    const { receivable: target } = await freshOpenReceivable(-2);
    const sleeps: number[] = [];
    const mailer = resendMailer({ apiKey: "re_test_key", baseUrl: resend.baseUrl, maxAttempts: 3, sleep: async (ms) => { sleeps.push(ms); } });

    // first tick: the pre-due step is skipped, reminder_1 meets two 429s and then goes out
    resend.failNext(429, 2);
    now = new Date(Math.ceil(now.getTime() / (24 * HOUR)) * 24 * HOUR + 10 * HOUR); // 11:00 Amsterdam
    await runSchedulerTick(db, { clock, mailer });
    expect(resend.emails).toHaveLength(1);
    expect(new Set(resend.attempts.map((a) => a.idempotencyKey)).size).toBe(1);
    expect(resend.attempts.map((a) => a.status)).toEqual([429, 429, 200]);
    expect(sleeps).toEqual([500, 1000]);
    const first = await db.message.findFirstOrThrow({ where: { receivableId: target.id, stepKey: "reminder_1" } });
    expect(first).toMatchObject({ status: "sent", providerId: resend.emails[0].id, toAddress: resend.emails[0].body.to && (resend.emails[0].body.to as string[])[0] });

    // reminder_2 meets an outage longer than the mailer's own retries: failed, retried by a later tick
    now = new Date(now.getTime() + 8 * 24 * HOUR);
    await db.receivable.update({ where: { id: target.id }, data: { nextActionAt: now } });
    resend.failNext(500, 3);
    await runSchedulerTick(db, { clock, mailer });
    const failed = await db.message.findFirstOrThrow({ where: { receivableId: target.id, stepKey: "reminder_2" } });
    expect(failed).toMatchObject({ status: "failed", sentAt: null });
    expect(failed.error).toMatch(/Resend 500/);
    now = new Date(failed.nextAttemptAt!.getTime() + 1000);
    await runSchedulerTick(db, { clock, mailer });
    const retried = await db.message.findFirstOrThrow({ where: { id: failed.id } });
    expect(retried).toMatchObject({ status: "sent", attempts: 2 });
    expect(resend.emails.filter((e) => e.idempotencyKey === `dunly:${failed.id}`)).toHaveLength(1);
    const timeline = await db.ledgerEvent.findMany({ where: { shopId: target.shopId, orderGid: target.orderGid, kind: "message" } });
    expect(timeline.map((e) => JSON.parse(e.detail).status)).toEqual(expect.arrayContaining(["skipped", "sent", "failed"]));
  });

  it("a customer without an email address gets a staff task instead, and the flow goes on", async () => {
    const { receivable: target } = await freshOpenReceivable(-2);
    const customer = await db.customer.create({ data: { shopId: target.shopId, gid: "gid://shopify/Customer/555000", firstName: "No", lastName: "Mail" } });
    await db.receivable.update({ where: { id: target.id }, data: { customerId: customer.id } });
    await runSchedulerTick(db, { clock, mailer: outboxMailer });
    const message = await db.message.findFirstOrThrow({ where: { receivableId: target.id, stepKey: "reminder_1" } });
    expect(message).toMatchObject({ status: "failed", error: "the customer has no email address" });
    expect(await db.task.findUnique({ where: { messageId: message.id } })).toMatchObject({ kind: "delivery_failed" });
    expect((await db.receivable.findUniqueOrThrow({ where: { id: target.id } })).nextActionAt).not.toBeNull();
  });
});
