/**
 * The demo's history played through the product (a small book, in a database of its own): the
 * reminders are the scheduler's, sent on the days they were due and never after the payment;
 * promises, disputes, arrangements and hand-overs happened through the services, with both
 * outcomes; the book the replay leaves is the one the history describes.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client";
import { outboxMailer } from "../../app/adapters/email/mailer";
import { seedDemoHistory } from "../../app/demo/seedDemo";
import type { DemoHistory } from "../../app/demo/demoHistory";
import type { ReplaySummary } from "../../app/demo/replayHistory";
import { orderSnapshotFromPayload } from "../../app/adapters/shopify/payloads";
import { historyFacts } from "../support/historyFacts";
import { deriveReceivable, isCreditSale } from "../../app/domain/ledger";
import { freshDatabaseUrl } from "../support/appServer";
import { whoToCallToday } from "../../app/services/insight/latePrediction";
import { DEMO_BUREAU, demoScreenedCustomers } from "../../app/demo/demoScreening";

const now = new Date("2026-11-23T12:00:00Z");
const DAY = 86_400_000;
let db: Db;
let history: DemoHistory;
let summary: ReplaySummary;
let seconds: number;

beforeAll(async () => {
  db = createDb(freshDatabaseUrl("history", inject("databaseKind")));
  const started = performance.now();
  ({ history, summary } = await seedDemoHistory(db, { now, customers: 60, orders: 450, seed: 11, deps: { mailer: outboxMailer, appUrl: "https://dunly.example", secret: "test-secret" } }));
  seconds = (performance.now() - started) / 1000;
}, 600_000);
afterAll(async () => {
  await db.$disconnect();
});

describe("the demo's history, played through the product", () => {
  it("leaves the book the history describes", async () => {
    const facts = historyFacts(history);
    const expected = history.orders.map((o) => orderSnapshotFromPayload(o)).filter(isCreditSale)
      .map((s) => deriveReceivable(s, facts.filter((f) => f.orderGid === s.orderGid), 14));
    const open = expected.filter((r) => r.status === "open");
    const rows = await db.receivable.findMany({ where: { creditSale: true, status: "open", kind: "order" }, select: { orderGid: true, outstandingMinor: true } });
    expect(rows.length).toBe(open.length);
    expect(rows.reduce((n, r) => n + Number(r.outstandingMinor), 0)).toBe(open.reduce((n, r) => n + r.outstandingMinor, 0));
    console.info(`history of ${history.orders.length} orders replayed in ${seconds.toFixed(1)} s: ${JSON.stringify(summary)}`);
  });

  it("the coffee subscriptions' failed renewals are in the book, in every state a merchant meets", async () => {
    const renewals = await db.subscriptionRenewal.findMany({ include: { receivable: true } });
    expect(renewals).toHaveLength(12);
    const by = (outcome: string | null) => renewals.filter((r) => r.outcome === outcome);
    expect(by("recovered").map((r) => r.recoveredBy).sort()).toEqual(["our_retry", "our_retry", "our_retry", "our_retry", "our_retry", "subscription_app"]);
    for (const r of by("recovered")) expect(r.receivable).toMatchObject({ kind: "renewal", status: "paid", outstandingMinor: 0n });
    expect(by("kept")[0].receivable).toMatchObject({ status: "open", outstandingMinor: 2990n });
    expect(by("cancelled")[0].receivable).toMatchObject({ status: "cancelled", outstandingMinor: 0n });
    const recovering = by(null);
    expect(recovering).toHaveLength(4);
    // each still-recovering renewal has its next step planned: a retry soon, or the final rule for the card that waits for an update
    for (const r of recovering) expect(r.nextRetryAt!.getTime()).toBeGreaterThan(now.getTime());
  });

  it("reminders went out over months, on their days, and never after the order was paid", async () => {
    const sent = await db.message.findMany({ where: { purpose: { not: "notice" }, sentAt: { not: null }, status: { in: ["sent", "outbox"] } }, include: { receivable: true } });
    expect(sent.length).toBeGreaterThan(100);
    const days = new Set(sent.map((m) => m.sentAt!.toISOString().slice(0, 10)));
    expect(days.size).toBeGreaterThan(60);
    for (const message of sent) {
      if (message.receivable.paidAt) expect(message.sentAt!.getTime(), `${message.receivable.orderName} ${message.stepKey}`).toBeLessThanOrEqual(message.receivable.paidAt.getTime());
    }
    // an order long overdue carries its reminders in its past
    const longOverdue = await db.receivable.findMany({ where: { status: "open", creditSale: true, dueAt: { lt: new Date(now.getTime() - 40 * DAY) } }, include: { messages: true } });
    expect(longOverdue.length).toBeGreaterThan(0);
    for (const r of longOverdue) expect(r.messages.filter((m) => m.sentAt && m.sentAt < new Date(now.getTime() - 20 * DAY)).length, r.orderName).toBeGreaterThan(0);
  });

  it("customers promised, disputed and arranged, with both outcomes; staff resolved and handed over", async () => {
    expect(summary.promises + summary.disputes + summary.arrangements + summary.handOvers).toBeGreaterThan(10);
    const promises = await db.paymentPromise.groupBy({ by: ["status"], _count: true });
    expect(promises.map((p) => p.status)).toEqual(expect.arrayContaining(["kept", "broken"]));
    expect(await db.dispute.count({ where: { status: "resolved", resolution: "rejected" } })).toBeGreaterThan(0);
    const arrangements = new Set((await db.arrangement.findMany({ select: { status: true } })).map((a) => a.status));
    expect([...arrangements].some((s) => s === "completed" || s === "active")).toBe(true);
    expect(arrangements.has("broken")).toBe(true);
    expect(await db.receivable.count({ where: { workflowState: "handed_over" } })).toBe(summary.handOvers);
  });

  it("transfers came in on the bank's statements each morning, were matched without a person, and stopped the reminders", async () => {
    const transfers = history.events.filter((e) => e.kind === "transfer");
    expect(transfers.length).toBeGreaterThan(50);
    expect(summary.statements).toBe(new Set(transfers.map((t) => t.at)).size);
    expect(summary.transfersInReview).toBe(0);
    const entries = await db.bankEntry.findMany({ where: { direction: "credit" }, select: { status: true } });
    expect(entries.length).toBe(transfers.length);
    expect(new Set(entries.map((e) => e.status))).toEqual(new Set(["matched"]));
    // a reminder never went out after the statement that paid the order was in
    const allocated = (await db.paymentAllocation.findMany({ where: { source: "bank" }, select: { receivableId: true } })).map((a) => a.receivableId);
    const paidByTransfer = await db.receivable.findMany({ where: { paidAt: { not: null }, id: { in: allocated } }, include: { messages: { where: { sentAt: { not: null } } } } });
    expect(paidByTransfer.length).toBeGreaterThan(10);
    for (const r of paidByTransfer) for (const m of r.messages) expect(m.sentAt!.getTime(), r.orderName).toBeLessThan(transfers.filter((t) => t.orderGid === r.orderGid).at(-1)!.at);
  });

  it("the late-payment model learned from these months, says how good it is, and ranks whom to call by money at risk", async () => {
    const model = await db.predictionModel.findFirstOrThrow();
    expect(model.kind).toBe("learned");
    expect(model.holdOut).toBeGreaterThan(20);
    expect(model.auc).toBeGreaterThan(0.6);
    const scorable = await db.receivable.count({ where: { status: "open", creditSale: true, workflowState: null, outstandingMinor: { gt: 0 } } });
    const forecasts = await db.paymentForecast.findMany({ include: { receivable: true } });
    expect(forecasts.length).toBe(scorable);
    for (const f of forecasts) {
      expect(f.lateProbability).toBeGreaterThanOrEqual(0);
      expect(f.lateProbability).toBeLessThanOrEqual(1);
      // overdue by more than a week: late for certain
      if (f.receivable.dueAt.getTime() < now.getTime() - 7.5 * DAY) expect(f.lateProbability).toBe(1);
    }
    // predictions differ between customers
    expect(new Set(forecasts.filter((f) => f.receivable.dueAt > now).map((f) => f.lateProbability.toFixed(3))).size).toBeGreaterThan(3);
    const list = await whoToCallToday(db, model.shopId, 20);
    const expected = forecasts.map((f) => ({ id: f.receivableId, risk: Number(f.receivable.outstandingMinor) * f.lateProbability }))
      .sort((a, b) => b.risk - a.risk || a.id.localeCompare(b.id)).slice(0, 20);
    expect(list.map((r) => r.receivableId)).toEqual(expected.map((e) => e.id));
  });

  it("business customers were screened at their first sale on credit and monitored: one registered whose score dropped, one whose VAT number VIES does not know", async () => {
    const screened = demoScreenedCustomers(history.customers);
    expect(screened.map((s) => s.registered)).toEqual([true, false]);
    const [good, deregistered] = await Promise.all(screened.map((s) => db.customer.findFirstOrThrow({ where: { gid: s.gid } })));
    expect(good).toMatchObject({ vatStatus: "valid", bureauStatus: "found", bureauSource: DEMO_BUREAU, bureauScore: 58, bureauRating: "B", bureauLimitMinor: 750_000n });
    expect(deregistered).toMatchObject({ vatStatus: "invalid", bureauScore: 24, riskLevel: "high" });
    const alerts = await db.alert.findMany({ where: { kind: "screening" }, orderBy: { createdAt: "asc" } });
    const byText = (a: string[], b: string[]) => a[1].localeCompare(b[1]);
    expect(alerts.map((a) => [a.customerId!, a.message]).sort(byText)).toEqual([
      [deregistered.id, `${deregistered.company}'s VAT number ${deregistered.vatNumber} is not registered in VIES`],
      [good.id, `${good.company}'s credit score at ${DEMO_BUREAU} dropped from 81 to 58`],
      [good.id, `${DEMO_BUREAU} lowered its advised credit limit for ${good.company} from €15,000.00 to €7,500.00`],
    ].sort(byText));
    // every business with a sale on credit was screened; consumers never
    const businesses = await db.customer.findMany({ where: { company: { not: null }, receivables: { some: { creditSale: true } } } });
    for (const b of businesses) expect(b.screenedAt, b.company!).not.toBeNull();
    expect(await db.customer.count({ where: { company: null, screenedAt: { not: null } } })).toBe(0);
    expect(summary.screenings).toBeGreaterThanOrEqual(businesses.length);
  });
});
